export function freshDatabase(databaseUrl: string, opts: { mustContain: string }): Promise<void>;
