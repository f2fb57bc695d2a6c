// Audit events are also JSON log lines, once committed (docs/access.md).
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as keysRoute from '../src/app/api/api-keys/route';
import * as loginRoute from '../src/app/api/auth/login/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, request, uniqueIp, withAuditRefusing } from './helpers';

const lines: Array<Record<string, unknown>> = [];
let user: Awaited<ReturnType<typeof createUserWithSession>>;
beforeAll(async () => {
  user = await createUserWithSession('member', 'audit-lines');
  // Capture the web logger's output.
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  (getServices() as { logger: unknown }).logger = pino({ level: 'info' }, sink);
});
afterAll(() => disposeServices());

const audits = () =>
  lines.filter((l) => l.msg === 'audit').map((l) => l.audit as { action: string; result: string; targetId?: string });

describe('audit log lines', () => {
  it('logs a committed change, a failed login, and nothing for a change that rolled back', async () => {
    const created = (await (
      await keysRoute.POST(request('/api/api-keys', { body: { name: 'logged' }, cookie: user.cookie }))
    ).json()) as { id: string };
    await new Promise((r) => setTimeout(r, 20));
    expect(audits()).toContainEqual(
      expect.objectContaining({ action: 'api_key.create', result: 'success', targetId: created.id }),
    );

    await loginRoute.POST(
      request('/api/auth/login', {
        body: { email: user.email, password: 'not the password' },
        headers: { 'x-forwarded-for': uniqueIp() },
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(audits()).toContainEqual(expect.objectContaining({ action: 'auth.login', result: 'failure' }));

    const before = audits().length;
    const refused = await withAuditRefusing('api_key.create', () =>
      keysRoute.POST(request('/api/api-keys', { body: { name: 'rolled back' }, cookie: user.cookie })),
    );
    expect(refused.status).toBe(500);
    await new Promise((r) => setTimeout(r, 20));
    expect(
      audits()
        .slice(before)
        .filter((a) => a.action === 'api_key.create'),
    ).toEqual([]);
  });
});
