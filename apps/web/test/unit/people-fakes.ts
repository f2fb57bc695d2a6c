// Services for the auth and user use cases on the in-memory store: a memory rate limiter per budget
// (the same API as the Redis one) and users seeded through the repository.
import type { Role, Store } from '@weft/db';
import { createMemoryStore } from '@weft/db/memory';
import { RateLimiterMemory, type RateLimiterRedis } from 'rate-limiter-flexible';
import { hashPassword } from '@/server/auth/password';

export const PASSWORD = 'correct horse battery';

export function memoryServices() {
  const store = createMemoryStore();
  const limiters = new Map<string, RateLimiterMemory>();
  const rateLimiter = (keyPrefix: string, points: number, duration: number) => {
    if (!limiters.has(keyPrefix)) limiters.set(keyPrefix, new RateLimiterMemory({ keyPrefix, points, duration }));
    return limiters.get(keyPrefix)! as unknown as RateLimiterRedis;
  };
  return { store, rateLimiter };
}

let n = 0;
export async function seedUser(store: Pick<Store, 'users'>, role: Role, tag: string = role) {
  n += 1;
  return store.users.create({
    email: `${tag}-${n}@example.test`,
    name: `Test ${tag}`,
    role,
    passwordHash: await hashPassword(PASSWORD),
  });
}

/** The audit actions recorded so far, oldest first. */
export async function auditActions(store: Pick<Store, 'audit'>): Promise<string[]> {
  const page = await store.audit.list({}, { limit: 1000 });
  return page.items.map((r) => `${r.action}:${r.result}`).reverse();
}

/** The store, but every audit record written in a transaction fails (a change must not commit without its record). */
export function withAuditFailing<S extends Store>(store: S): S {
  return {
    ...store,
    transaction: (fn) =>
      store.transaction((tx) =>
        fn({
          ...tx,
          audit: {
            record: async () => {
              throw new Error('audit down');
            },
            list: (filter, page) => tx.audit.list(filter, page),
          },
        }),
      ),
  };
}
