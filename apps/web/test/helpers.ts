// Shared helpers for the web integration tests: build real Requests, call route
// handlers directly, and make users/sessions in the real test database.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '@weft/db';
import { hashPassword } from '../src/server/auth/password';
import { startSession } from '../src/server/auth/sessions';
import { getServices } from '../src/server/composition';
import { testDb } from '../../../test/integration/db';

export const ORIGIN = 'http://localhost:3000';

interface RequestOptions {
  method?: string;
  /** Serialised as JSON unless it is already a string. */
  body?: unknown;
  cookie?: string;
  bearer?: string;
  headers?: Record<string, string>;
}

export function request(path: string, { method, body, cookie, bearer, headers = {} }: RequestOptions = {}): Request {
  const h = new Headers(headers);
  if (body !== undefined && !h.has('content-type')) h.set('content-type', 'application/json');
  if (cookie) h.set('cookie', cookie);
  if (bearer) h.set('authorization', `Bearer ${bearer}`);
  return new Request(ORIGIN + path, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: h,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Next's second argument for a dynamic route. */
export function routeParams<P extends Record<string, string>>(params: P): { params: Promise<P> } {
  return { params: Promise.resolve(params) };
}

/**
 * `weft_session=<token>` (or `__Host-weft_session=<token>` over https) from a response's
 * Set-Cookie, ready for a Cookie header.
 */
export function sessionCookieFrom(res: Response): string {
  const header = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('weft_session=') || c.startsWith('__Host-weft_session='));
  if (!header) throw new Error(`no weft_session cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  return header.split(';')[0]!;
}

/**
 * A client address of its own (send it as X-Forwarded-For in a file that sets
 * TRUST_PROXY), so per-address rate limits in one test don't reach another.
 */
export function uniqueIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

/**
 * A QUEUE_PREFIX of its own, for files that spend rate-limit budgets: Redis counters
 * outlive a run, so a rerun within the window would otherwise start half spent.
 * Set it in `process.env` before the first `getServices()`.
 */
export function uniqueQueuePrefix(tag: string): string {
  return `test-${tag}-${randomUUID().slice(0, 8)}`;
}

/**
 * Runs `fn` while Postgres refuses every audit record with `action` (a NOT VALID check
 * constraint, so existing rows don't matter), to prove a change and its audit record
 * commit together. Integration files run one at a time, so nothing else is affected.
 */
export async function withAuditRefusing<T>(action: string, fn: () => Promise<T>): Promise<T> {
  if (!/^[a-z_.]+$/.test(action)) throw new Error(`unexpected audit action ${action}`);
  const prisma = testDb();
  const name = `test_refuse_${action.replace(/\./g, '_')}_${randomUUID().slice(0, 8)}`;
  await prisma.$executeRawUnsafe(
    `ALTER TABLE "audit_events" ADD CONSTRAINT "${name}" CHECK ("action" <> '${action}') NOT VALID`,
  );
  try {
    return await fn();
  } finally {
    await prisma.$executeRawUnsafe(`ALTER TABLE "audit_events" DROP CONSTRAINT "${name}"`);
  }
}

/** Lower-case, as the API stores emails (sign-up normalises them). */
export function uniqueEmail(tag: string): string {
  return `${tag.toLowerCase()}-${randomUUID().slice(0, 8)}@example.test`;
}

export const PASSWORD = 'correct horse battery';

/** A user made straight in the database, plus a session cookie for it. */
export async function createUserWithSession(role: Role, tag: string = role) {
  const { store } = getServices();
  const email = uniqueEmail(tag);
  const user = await store.users.create({
    email,
    name: `Test ${tag}`,
    role,
    passwordHash: await hashPassword(PASSWORD),
  });
  const session = await startSession(store, user.id);
  return { user, email, cookie: `weft_session=${session.token}` };
}

export async function errorOf(
  res: Response,
): Promise<{ code: string; message: string; details?: Array<{ path: string; message: string }> }> {
  const body = (await res.json()) as {
    error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
  };
  return body.error;
}
