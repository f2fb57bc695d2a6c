// The WEFT_SECRET_KEY that `npm start` keeps in .weft/secret-key when none is set (outside
// development Weft refuses to start without one; n8n does the same with its encryption key).
// `npm start` makes it on first start; `npm run secrets:rotate` only reads it, so both use the
// key the running app uses. Losing that file makes stored secrets unreadable: back it up, or set
// WEFT_SECRET_KEY yourself.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCAL_SECRET_KEY_FILE = join(fileURLToPath(new URL('..', import.meta.url)), '.weft', 'secret-key');

/** The key in .weft/secret-key; with `create`, made (random, mode 0600) if the file is missing. */
export function localSecretKey({ create = false } = {}) {
  const file = LOCAL_SECRET_KEY_FILE;
  if (!existsSync(file)) {
    if (!create) return undefined;
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    console.log(`[weft] generated a WEFT_SECRET_KEY in ${file} — back it up (stored webhook secrets need it)`);
  }
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}
