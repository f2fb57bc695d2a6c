import { createApiClient } from '@weft/contracts/client';

/**
 * The browser's client of our own /api: the contract's typed client (@weft/contracts/client),
 * same-origin with the session cookie. Every JSON answer is parsed with its operation's schema;
 * failures are `ApiClientError` (`fieldErrors`, `isUnauthenticated` read them).
 */
export const api = createApiClient({ init: { credentials: 'same-origin' } });
