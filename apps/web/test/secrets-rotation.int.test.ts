// Rotating WEFT_SECRET_KEY (docs/security.md): webhooks made under key A keep verifying once B is the
// key and A the previous one; `npm run secrets:rotate` (the real script, as a process) re-seals them
// under B in Postgres, changes nothing when run again, and after A is dropped they still verify. A
// secret sealed under a key neither A nor B is reported by id, left as it is, and fails the run.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { SecretBox } from '@weft/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.QUEUE_PREFIX = `weft-test-${randomUUID().slice(0, 8)}`;

import * as webhookRoute from '../src/app/api/webhooks/[id]/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { createWorkflowWithWebhook, deliverSigned, type Hook } from './webhooks';
import { testDb } from '../../../test/integration/db';

const ROOT = new URL('../../../', import.meta.url).pathname;
const KEY_A = `rotation-test-key-a-${randomUUID()}`;
const KEY_B = `rotation-test-key-b-${randomUUID()}`;
const KEY_UNKNOWN = `rotation-test-key-x-${randomUUID()}`;
const kid = (key: string) => new SecretBox({ current: key }).kid;

/** Restarts the app's services under these keys, as an operator's restart would. */
async function useKeys(current: string, previous?: string): Promise<void> {
  await disposeServices();
  process.env.WEFT_SECRET_KEY = current;
  if (previous === undefined) delete process.env.WEFT_SECRET_KEY_PREVIOUS;
  else process.env.WEFT_SECRET_KEY_PREVIOUS = previous;
}

/** `npm run secrets:rotate` under the app's current keys: its exit code and output. */
async function rotate(env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/secrets-rotate.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', ...env },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

const count = (out: string, label: string) => Number(new RegExp(`${label}: (\\d+)`).exec(out)?.[1]);
const sealed = (id: string) =>
  testDb().webhook.findUniqueOrThrow({
    where: { id },
    select: { secretEncrypted: true, previousSecretEncrypted: true },
  });
const kidsOf = async (id: string) => {
  const row = await sealed(id);
  return [row.secretEncrypted, row.previousSecretEncrypted].map((v) => v?.split('.')[1] ?? null);
};

let owner: { cookie: string };
let plain: Hook;
let rotated: Hook & { oldSecret: string };
let stranger: Hook;

beforeAll(async () => {
  await useKeys(KEY_A);
  owner = await createUserWithSession('owner', 'key-rotation');
  plain = await createWorkflowWithWebhook(owner, {});
  // A webhook mid secret rotation: its previous secret is sealed too.
  const first = await createWorkflowWithWebhook(owner, {});
  const res = await webhookRoute.PATCH(
    request(`/api/webhooks/${first.id}`, { method: 'PATCH', body: { rotateSecret: true }, cookie: owner.cookie }),
    routeParams({ id: first.id }),
  );
  expect(res.status).toBe(200);
  rotated = { ...first, secret: ((await res.json()) as { secret: string }).secret, oldSecret: first.secret };
  // One sealed under a key the install no longer has.
  stranger = await createWorkflowWithWebhook(owner, {});
  await testDb().webhook.update({
    where: { id: stranger.id },
    data: { secretEncrypted: new SecretBox({ current: KEY_UNKNOWN }).seal(stranger.secret) },
  });
});

const suiteKeys = { current: process.env.WEFT_SECRET_KEY!, previous: process.env.WEFT_SECRET_KEY_PREVIOUS };
afterAll(async () => {
  // The next file in this process gets the suite's keys back.
  await useKeys(suiteKeys.current, suiteKeys.previous);
});

async function expectDeliveriesVerify(): Promise<void> {
  expect((await deliverSigned(plain, '{"a":1,"b":2}')).status).toBe(202);
  expect((await deliverSigned(rotated, '{"a":1,"b":2}')).status).toBe(202);
  expect((await deliverSigned(rotated, '{"a":1,"b":2}', { secret: rotated.oldSecret })).status).toBe(202);
}

describe('rotating WEFT_SECRET_KEY', () => {
  it('seals new secrets under the current key, with its key id', async () => {
    expect(await kidsOf(plain.id)).toEqual([kid(KEY_A), null]);
    expect(await kidsOf(rotated.id)).toEqual([kid(KEY_A), kid(KEY_A)]);
  });

  it('with B as the key and A as the previous one, deliveries still verify; a secret under neither answers 500', async () => {
    await useKeys(KEY_B, KEY_A);
    await expectDeliveriesVerify();
    // As before key ids: a secret that cannot be opened is the server's fault, not the sender's.
    const res = await deliverSigned(stranger, '{"a":1,"b":2}');
    expect(res.status).toBe(500);
    expect((await errorOf(res)).code).toBe('INTERNAL');
  });

  it('secrets:rotate re-seals every secret under B, reports and keeps the unopenable one, and exits 1', async () => {
    const before = await sealed(stranger.id);
    const first = await rotate();
    expect(first.code).toBe(1);
    expect(count(first.out, 're-encrypted')).toBeGreaterThanOrEqual(3);
    expect(first.out).toContain(
      `webhooks.secretEncrypted id=${stranger.id}: secret sealed under key ${kid(KEY_UNKNOWN)}`,
    );
    expect(await kidsOf(plain.id)).toEqual([kid(KEY_B), null]);
    expect(await kidsOf(rotated.id)).toEqual([kid(KEY_B), kid(KEY_B)]);
    expect(await sealed(stranger.id)).toEqual(before);

    const again = await rotate();
    expect(count(again.out, 're-encrypted')).toBe(0);
    expect(count(again.out, 'already current')).toBeGreaterThanOrEqual(3);
    expect(again.code).toBe(1);
  });

  it('once A is dropped, deliveries still verify under B alone', async () => {
    await useKeys(KEY_B);
    await expectDeliveriesVerify();
    expect((await deliverSigned(stranger, '{"a":1,"b":2}')).status).toBe(500);
  });
});

describe('secrets:rotate outside the happy path', () => {
  it('a database it cannot read is one clear line and exit 1, not a stack trace', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/weft_no_such_db_${randomUUID().slice(0, 8)}`;
    const run = await rotate({ DATABASE_URL: url.toString() });
    expect(run.code).toBe(1);
    expect(run.out).toContain('secrets:rotate: could not read the secrets (DATABASE_URL): database');
    expect(run.out).not.toMatch(/\n\s+at /);
  });

  it('with WEFT_SECRET_KEY unset it uses the key npm start keeps in .weft/secret-key', async () => {
    const file = `${ROOT}.weft/secret-key`;
    const made = !existsSync(file);
    if (made) {
      mkdirSync(`${ROOT}.weft`, { recursive: true, mode: 0o700 });
      writeFileSync(file, `${randomUUID()}${randomUUID()}\n`, { mode: 0o600 });
    }
    try {
      const key = readFileSync(file, 'utf8').trim();
      const run = await rotate({ NODE_ENV: 'production', WEFT_SECRET_KEY: '', WEFT_SECRET_KEY_PREVIOUS: '' });
      expect(run.out).toContain(`using ${file}`);
      expect(run.out).toContain(`secrets:rotate under key ${kid(key)}`);
    } finally {
      if (made) rmSync(file);
    }
  });
});
