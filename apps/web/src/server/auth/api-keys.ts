import 'server-only';
import type { PrismaClient, Role } from '@weft/db';
import { recordAudit } from '../audit';
import { ApiError } from '../http/errors';
import { idAfter, toPage, type Page, type PageQuery } from '../pagination';
import { hashToken, randomToken } from './tokens';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope } from '@weft/contracts';

/** Every key starts with this, so leaked keys are recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'wft_';
// What we keep in clear for display ("wft_AbCdEfGh…"): 8 random characters, 48 bits —
// enough to tell keys apart, far too few to help guess one.
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
// lastUsedAt is written at most once a minute per key, not on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

type Db = Pick<PrismaClient, 'apiKey'>;
// Writers take the full client: a change and its audit record share one transaction.
type DbWithAudit = Pick<PrismaClient, 'apiKey' | 'auditEvent' | '$transaction'>;

/** The wire view of a key (the contract's `ApiKey`): never the secret. */
export type ApiKeyView = ApiKey;

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

function toView(row: ApiKeyRow): ApiKeyView {
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

const viewSelect = { id: true, name: true, prefix: true, scopes: true, expiresAt: true, lastUsedAt: true, createdAt: true } as const;

/** Creates a key for `userId`. The returned `key` is the only time it exists in clear. */
export async function createApiKey(
  db: DbWithAudit,
  userId: string,
  input: { name: string; expiresAt?: Date | undefined; scopes?: ApiKeyScope[] | undefined },
  ip: string | null,
  now = new Date(),
): Promise<ApiKeyView & { key: string }> {
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    throw new ApiError('VALIDATION_ERROR', 'expiresAt must be in the future', [
      { path: 'body.expiresAt', message: 'must be in the future' },
    ]);
  }
  const key = API_KEY_PREFIX + randomToken(32);
  // The key and its audit record commit together, or neither does.
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        userId,
        name: input.name,
        prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
        keyHash: hashToken(key),
        expiresAt: input.expiresAt ?? null,
        scopes: input.scopes ?? [...API_KEY_SCOPES],
      },
      select: viewSelect,
    });
    await recordAudit(tx, {
      actorId: userId,
      action: 'api_key.create',
      targetType: 'api_key',
      targetId: created.id,
      result: 'success',
      details: { name: created.name, prefix: created.prefix, scopes: created.scopes, expiresAt: created.expiresAt?.toISOString() ?? null },
      ip,
    });
    return created;
  });
  return { ...toView(row), key };
}

/** The caller's own keys, newest first; never the key itself. */
export async function listApiKeys(db: Db, userId: string, page: PageQuery): Promise<Page<ApiKeyView>> {
  const rows = await db.apiKey.findMany({
    where: { userId, ...idAfter(page.cursor, 'desc') },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
    select: viewSelect,
  });
  return toPage(rows, page.limit, toView);
}

/** Deletes one of the caller's keys; someone else's key is NOT_FOUND, not FORBIDDEN. */
export async function revokeApiKey(db: DbWithAudit, userId: string, id: string, ip: string | null): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id, userId }, select: { id: true, name: true, prefix: true } });
    if (!key) throw new ApiError('NOT_FOUND', 'API key not found');
    await tx.apiKey.deleteMany({ where: { id, userId } });
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
  user: { id: string; email: string; name: string; role: Role };
}

/** The user a presented key belongs to; null when unknown, revoked or expired. */
export async function resolveApiKey(db: Db, key: string, now = new Date()): Promise<ResolvedApiKey | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const row = await db.apiKey.findUnique({
    where: { keyHash: hashToken(key) },
    select: {
      id: true,
      expiresAt: true,
      scopes: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, deactivatedAt: true } },
    },
  });
  if (!row || row.user.deactivatedAt) return null;
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return null;

  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // Conditional update: concurrent requests with one key write once, not N times.
    await db.apiKey.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  const { deactivatedAt: _off, ...user } = row.user;
  return { apiKeyId: row.id, user, scopes: (row.scopes ?? [...API_KEY_SCOPES]).filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s)) };
}
