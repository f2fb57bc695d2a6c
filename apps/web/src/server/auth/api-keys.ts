import 'server-only';
import type { ApiKeySummary, Repositories, Role, Store } from '@weft/db';
import { recordAudit } from '../audit';
import { ApiError } from '../http/errors';
import { mapPage, type Page, type PageQuery } from '../pagination';
import type { AuthUser } from './auth-user';
import { credentialName } from './scopes';
import { hashToken, randomToken } from './tokens';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope } from '@weft/contracts';

/** Every key starts with this, so leaked keys are recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'wft_';
// What we keep in clear for display ("wft_AbCdEfGh…"): 8 random characters, 48 bits —
// enough to tell keys apart, far too few to help guess one.
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
// lastUsedAt is written at most once a minute per key, not on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

/** The wire view of a key (the contract's `ApiKey`): never the secret. */
export type ApiKeyView = ApiKey;

function toView(row: ApiKeySummary): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKeyScope[],
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Who is minting: their key's or token's scopes and expiry bound the new key (absent for a session). */
export type Minter = Pick<AuthUser, 'id' | 'via' | 'scopes' | 'expiresAt'>;

/**
 * The new key's scopes and expiry. A key or JWT mints only keys no stronger than itself
 * (SPEC §7): scopes within its own (omitted: its own) and an expiry no later than its own
 * (omitted: its own) — else 403 naming the field, so a leaked narrow or short-lived key can't
 * be traded for a wide or lasting one. A session is bounded only by its user's role.
 * `expiresAt: null` asks for a key that never expires.
 */
export function boundedByMinter(
  minter: Minter,
  input: { expiresAt?: Date | null | undefined; scopes?: ApiKeyScope[] | undefined },
  now: Date,
): { scopes: ApiKeyScope[]; expiresAt: Date | null } {
  const what = credentialName(minter);
  const own = minter.scopes ?? API_KEY_SCOPES;
  const scopes = input.scopes ?? [...own];
  const missing = scopes.filter((s) => !own.includes(s));
  if (missing.length > 0) {
    throw new ApiError(
      'FORBIDDEN',
      `This ${what} may create keys only with its own scopes (${own.join(', ') || 'none'}); it lacks ${missing.join(', ')}`,
      [
        {
          path: 'body.scopes',
          message: `may not include ${missing.join(', ')}: this ${what} lacks ${missing.length > 1 ? 'them' : 'it'}`,
        },
      ],
    );
  }
  const limit = minter.expiresAt;
  const expiresAt = input.expiresAt === undefined ? (limit ?? null) : input.expiresAt;
  if (limit && (expiresAt === null || expiresAt.getTime() > limit.getTime())) {
    const message = `must be no later than ${limit.toISOString()}, when this ${what} expires`;
    throw new ApiError('FORBIDDEN', `A key made with this ${what} may not outlive it: expiresAt ${message}`, [
      { path: 'body.expiresAt', message },
    ]);
  }
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new ApiError('VALIDATION_ERROR', 'expiresAt must be in the future', [
      { path: 'body.expiresAt', message: 'must be in the future' },
    ]);
  }
  return { scopes, expiresAt };
}

/** Creates a key for `minter` (bounded by it, see boundedByMinter). The returned `key` is the only time it exists in clear. */
export async function createApiKey(
  store: Store,
  minter: Minter,
  input: { name: string; expiresAt?: Date | null | undefined; scopes?: ApiKeyScope[] | undefined },
  ip: string | null,
  now = new Date(),
): Promise<ApiKeyView & { key: string }> {
  const { scopes, expiresAt } = boundedByMinter(minter, input, now);
  const userId = minter.id;
  const key = API_KEY_PREFIX + randomToken(32);
  // The key and its audit record commit together, or neither does.
  const row = await store.transaction(async (tx) => {
    const created = await tx.apiKeys.create({
      userId,
      name: input.name,
      prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      keyHash: hashToken(key),
      expiresAt,
      scopes,
    });
    await recordAudit(tx, {
      actorId: userId,
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: created.id,
      result: 'success',
      details: {
        name: created.name,
        prefix: created.prefix,
        scopes: created.scopes,
        expiresAt: created.expiresAt?.toISOString() ?? null,
      },
      ip,
    });
    return created;
  });
  return { ...toView(row), key };
}

/** The caller's own keys, newest first; never the key itself. */
export async function listApiKeys(
  store: Pick<Repositories, 'apiKeys'>,
  userId: string,
  page: PageQuery,
): Promise<Page<ApiKeyView>> {
  return mapPage(await store.apiKeys.listForUser(userId, page), toView);
}

/** Deletes one of the caller's keys; someone else's key is NOT_FOUND, not FORBIDDEN. */
export async function revokeApiKey(store: Store, userId: string, id: string, ip: string | null): Promise<void> {
  await store.transaction(async (tx) => {
    const key = await tx.apiKeys.revokeOwn(id, userId);
    if (!key) throw new ApiError('NOT_FOUND', 'API key not found');
    await recordAudit(tx, {
      actorId: userId,
      action: 'api_key.revoke',
      targetType: 'api_key',
      targetId: key.id,
      result: 'success',
      details: { name: key.name, prefix: key.prefix },
      ip,
    });
  });
}

export interface ResolvedApiKey {
  apiKeyId: string;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  user: { id: string; email: string; name: string; role: Role };
}

/** The user a presented key belongs to; null when unknown, revoked or expired. */
export async function resolveApiKey(
  store: Pick<Repositories, 'apiKeys'>,
  key: string,
  now = new Date(),
): Promise<ResolvedApiKey | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const row = await store.apiKeys.findByKeyHash(hashToken(key));
  if (!row || row.user.deactivatedAt) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return null;

  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    await store.apiKeys.touchLastUsed(row.id, now, staleBefore);
  }
  const { deactivatedAt: _off, ...user } = row.user;
  return {
    apiKeyId: row.id,
    user,
    expiresAt: row.expiresAt,
    scopes: (row.scopes ?? [...API_KEY_SCOPES]).filter((s): s is ApiKeyScope =>
      (API_KEY_SCOPES as readonly string[]).includes(s),
    ),
  };
}
