// Where the e2e app runs and which database it owns; shared by playwright.config.ts and
// reset-db.ts. Overridable so several runs (e.g. parallel developers) don't collide.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/weft_e2e';
export const E2E_QUEUE_PREFIX = process.env.E2E_QUEUE_PREFIX ?? 'weft_e2e';
