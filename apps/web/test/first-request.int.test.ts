// The first requests a freshly started web process serves: its Redis connection is still
// opening, and the rate limiters (sign-in, webhooks) must wait for it rather than answer
// 503 "rate limiting needs Redis" — which every first sign-in after a start used to get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('first-request');

import { POST as login } from '../src/app/api/auth/login/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, PASSWORD, request } from './helpers';

let email: string;

beforeAll(async () => {
  email = (await createUserWithSession('member', 'first-request')).email;
});

afterAll(async () => {
  await disposeServices();
});

describe('a web process that just started', () => {
  it('signs in on its very first request (the rate limiter waits for Redis to connect)', async () => {
    // As after a restart: every connection is new.
    await disposeServices();
    const res = await login(request('/api/auth/login', { body: { email, password: PASSWORD } }));
    expect(res.status).toBe(200);
    expect(getServices().redis).toBeDefined();
  });
});
