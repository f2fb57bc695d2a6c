// Run before the e2e app starts (playwright.config.ts webServer): a fresh, migrated
// `weft_e2e` database for every run, so the specs start from a first-run install (no users).
import { freshDatabase } from '../scripts/fresh-database.mjs';
import { E2E_DATABASE_URL } from './env';

await freshDatabase(E2E_DATABASE_URL, { mustContain: 'e2e' });
