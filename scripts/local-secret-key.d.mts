export declare const LOCAL_SECRET_KEY_FILE: string;
export declare function localSecretKey(options?: { create?: boolean }): string | undefined;
