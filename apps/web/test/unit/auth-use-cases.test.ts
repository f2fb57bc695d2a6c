// The sign-in, session, password and API-key use cases on the in-memory store (@weft/db/memory):
// what a caller is told, which rows exist afterwards, and what the audit log says.
import { describe, expect, it } from 'vitest';
import { changePassword, listSessions, revokeSession } from '@/server/auth/account';
import { createApiKey, listApiKeys, resolveApiKey, revokeApiKey } from '@/server/auth/api-keys';
import type { AuthUser } from '@/server/auth/auth-user';
import { login, logout } from '@/server/auth/login';
import { resolveSession, SESSION_MAX_LIFETIME_SECONDS, startSession } from '@/server/auth/sessions';
import { isSetupNeeded, setupFirstOwner } from '@/server/auth/setup';
import { auditActions, memoryServices, PASSWORD, seedUser, withAuditFailing } from './people-fakes';

const IP = '203.0.113.7';

function asSession(user: { id: string; email: string; name: string; role: AuthUser['role'] }, sessionId?: string) {
  return { ...user, via: 'session' as const, ...(sessionId ? { sessionId } : {}) };
}

describe('login and logout', () => {
  it('signs in with the right password (any email case), starts a session and audits it', async () => {
    const services = memoryServices();
    const user = await seedUser(services.store, 'member', 'login');
    const { user: view, session } = await login(services, { email: user.email.toUpperCase(), password: PASSWORD }, IP);
    expect(view).toMatchObject({ id: user.id, email: user.email });
    expect(await resolveSession(services.store, session.token)).toMatchObject({ sessionId: session.id });
    expect(await auditActions(services.store)).toEqual(['auth.login:success']);
  });

  it('answers a wrong password and an unknown email alike, audits both, and starts no session', async () => {
    const services = memoryServices();
    const user = await seedUser(services.store, 'member', 'wrong');
    await expect(login(services, { email: user.email, password: 'nope' }, IP)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Invalid email or password',
    });
    await expect(login(services, { email: 'nobody@example.test', password: PASSWORD }, IP)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'Invalid email or password',
    });
    expect(services.store.tables.sessions.size).toBe(0);
    const failures = (await services.store.audit.list({ action: 'auth.login' }, { limit: 10 })).items;
    expect(failures.map((r) => r.details)).toEqual([
      { email: 'nobody@example.test', reason: 'unknown_email' },
      { email: user.email, reason: 'wrong_password' },
    ]);
  });

  it('tells a deactivated user so, with the right password only', async () => {
    const services = memoryServices();
    const user = await seedUser(services.store, 'member', 'off');
    await services.store.users.update(user.id, { deactivatedAt: new Date() });
    await expect(login(services, { email: user.email, password: PASSWORD }, IP)).rejects.toThrow(/deactivated/);
    await expect(login(services, { email: user.email, password: 'nope' }, IP)).rejects.toThrow(
      'Invalid email or password',
    );
  });

  it('logout ends the session and audits it once; an unknown token is fine', async () => {
    const services = memoryServices();
    const user = await seedUser(services.store, 'member', 'logout');
    const { session } = await login(services, { email: user.email, password: PASSWORD }, IP);
    await logout(services.store, session.token, IP);
    await logout(services.store, session.token, IP);
    await logout(services.store, null, IP);
    expect(await resolveSession(services.store, session.token)).toBeNull();
    expect(await auditActions(services.store)).toEqual(['auth.login:success', 'auth.logout:success']);
  });
});

describe('sessions', () => {
  it('a session past its absolute lifetime resolves to nothing and is deleted', async () => {
    const { store } = memoryServices();
    const user = await seedUser(store, 'member', 'old');
    const started = await startSession(store, user.id, new Date(Date.now() - SESSION_MAX_LIFETIME_SECONDS * 1000));
    expect(await resolveSession(store, started.token)).toBeNull();
    expect(store.tables.sessions.size).toBe(0);
  });

  it('a deactivated user’s session resolves to nothing', async () => {
    const { store } = memoryServices();
    const user = await seedUser(store, 'member', 'off');
    const started = await startSession(store, user.id);
    await store.users.update(user.id, { deactivatedAt: new Date() });
    expect(await resolveSession(store, started.token)).toBeNull();
  });

  it('lists my live sessions marking this one, and revokes only mine (someone else’s is 404)', async () => {
    const { store } = memoryServices();
    const me = await seedUser(store, 'member', 'me');
    const other = await seedUser(store, 'member', 'other');
    const first = await startSession(store, me.id);
    const second = await startSession(store, me.id);
    const theirs = await startSession(store, other.id);
    const listed = await listSessions(store, asSession(me, second.id));
    expect(listed.items.map((s) => [s.id, s.current])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
    await expect(revokeSession(store, asSession(me), theirs.id, IP)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await revokeSession(store, asSession(me), first.id, IP);
    expect((await listSessions(store, asSession(me))).items.map((s) => s.id)).toEqual([second.id]);
    expect(await auditActions(store)).toEqual(['auth.session_revoke:success']);
  });
});

describe('changePassword', () => {
  it('needs the current password (naming the field), then ends my other sessions but not this one', async () => {
    const services = memoryServices();
    const me = await seedUser(services.store, 'member', 'pw');
    const here = await startSession(services.store, me.id);
    const elsewhere = await startSession(services.store, me.id);
    const input = { currentPassword: 'wrong', newPassword: 'a brand new password' };
    const refused = changePassword(services, asSession(me, here.id), input, IP);
    await expect(refused).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(refused).rejects.toHaveProperty(['details', 0, 'path'], 'body.currentPassword');

    await changePassword(services, asSession(me, here.id), { ...input, currentPassword: PASSWORD }, IP);
    expect(await resolveSession(services.store, here.token)).not.toBeNull();
    expect(await resolveSession(services.store, elsewhere.token)).toBeNull();
    await expect(login(services, { email: me.email, password: PASSWORD }, IP)).rejects.toThrow();
    await login(services, { email: me.email, password: input.newPassword }, IP);
    const changes = (await services.store.audit.list({ action: 'user.password' }, { limit: 10 })).items;
    expect(changes.map((r) => [r.result, r.details])).toEqual([
      ['success', { otherSessionsEnded: 1 }],
      ['failure', { reason: 'wrong_current_password' }],
    ]);
  });
});

describe('setup', () => {
  it('creates the first owner once, signs them in, then is a 409', async () => {
    const services = memoryServices();
    expect(await isSetupNeeded(services.store)).toBe(true);
    const input = { email: 'first@example.test', name: 'First', password: PASSWORD };
    const { user, session } = await setupFirstOwner(services, input, IP);
    expect(user).toMatchObject({ email: 'first@example.test', role: 'owner' });
    expect(await resolveSession(services.store, session.token)).toMatchObject({ user: { id: user.id } });
    expect(await isSetupNeeded(services.store)).toBe(false);
    await expect(setupFirstOwner(services, { ...input, email: 'second@example.test' }, IP)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(services.store.tables.users.size).toBe(1);
    expect(await auditActions(services.store)).toEqual(['auth.setup:success']);
  });
});

describe('API keys', () => {
  it('creates a key shown once, resolves it to its user, lists it without the secret, and revokes it', async () => {
    const { store } = memoryServices();
    const me = await seedUser(store, 'member', 'keys');
    const created = await createApiKey(store, asSession(me), { name: 'ci', scopes: ['read'] }, IP);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const resolved = await resolveApiKey(store, created.key);
    expect(resolved).toMatchObject({ apiKeyId: created.id, scopes: ['read'], user: { id: me.id, role: 'member' } });
    expect(resolved!.user).not.toHaveProperty('deactivatedAt');
    expect((await listApiKeys(store, me.id, { limit: 10 })).items).toEqual([
      expect.objectContaining({ id: created.id, name: 'ci', lastUsedAt: expect.any(String) }),
    ]);
    expect(JSON.stringify(await listApiKeys(store, me.id, { limit: 10 }))).not.toContain(created.key);

    const other = await seedUser(store, 'member', 'other');
    await expect(revokeApiKey(store, other.id, created.id, IP)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await revokeApiKey(store, me.id, created.id, IP);
    expect(await resolveApiKey(store, created.key)).toBeNull();
    expect(await auditActions(store)).toEqual(['api_key.create:success', 'api_key.revoke:success']);
  });

  it('an expired key, a deactivated user’s key and a key without the prefix resolve to nothing', async () => {
    const { store } = memoryServices();
    const me = await seedUser(store, 'member', 'expiring');
    const soon = new Date(Date.now() + 60_000);
    const created = await createApiKey(store, asSession(me), { name: 'short', expiresAt: soon }, IP);
    expect(await resolveApiKey(store, created.key, new Date(soon.getTime() + 1))).toBeNull();
    expect(await resolveApiKey(store, created.key.slice(4))).toBeNull();
    await store.users.update(me.id, { deactivatedAt: new Date() });
    expect(await resolveApiKey(store, created.key)).toBeNull();
  });

  it('a key that cannot be audited is not created (one transaction)', async () => {
    const { store } = memoryServices();
    const me = await seedUser(store, 'member', 'unaudited');
    await expect(createApiKey(withAuditFailing(store), asSession(me), { name: 'x' }, IP)).rejects.toThrow('audit down');
    expect(store.tables.apiKeys.size).toBe(0);
  });
});
