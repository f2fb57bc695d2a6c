/**
 * The forms REDIS_URL takes (docs/operations.md "Beyond one machine"):
 *
 *   redis://[[user]:password@]host[:6379][/db]                 one Redis (ioredis parses it)
 *   rediss://…                                                  the same over TLS
 *   redis-sentinel://[[user]:password@]host[:26379][,host[:26379]…]/<masterName>[?db=0&sentinelUsername=…&sentinelPassword=…]
 *   redis-cluster://[[user]:password@]host[:6379][,host[:6379]…]
 *
 * A list of hosts is not a WHATWG URL (`new URL` refuses `a:1,b:2`), so the Sentinel and
 * Cluster forms are parsed here. The user and password are the data nodes' (the master's,
 * or every cluster node's); Sentinels that want a password of their own get it in the query.
 * Pure: used by the config at start-up (to refuse a bad URL, naming REDIS_URL) and by
 * `createRedis` to build the client.
 */

export interface RedisHost {
  host: string;
  port: number;
}

export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | {
      kind: 'sentinel';
      sentinels: RedisHost[];
      masterName: string;
      db: number;
      username?: string;
      password?: string;
      sentinelUsername?: string;
      sentinelPassword?: string;
    }
  | { kind: 'cluster'; nodes: RedisHost[]; username?: string; password?: string };

export class RedisUrlError extends Error {
  override name = 'RedisUrlError';
}

export const REDIS_URL_FORMS =
  'redis://host:6379, rediss://host:6380, redis-sentinel://host:26379[,host:26379…]/<masterName> or redis-cluster://host:6379[,host:6379…]';

const SENTINEL_QUERY = new Set(['db', 'sentinelUsername', 'sentinelPassword']);

/** Parses REDIS_URL; throws RedisUrlError saying what is wrong (without echoing a password). */
export function parseRedisUrl(value: string): RedisTarget {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'redis' || scheme === 'rediss') {
    checkStandaloneUrl(value, scheme);
    return { kind: 'standalone', url: value };
  }
  if (scheme !== 'redis-sentinel' && scheme !== 'redis-cluster') {
    throw new RedisUrlError(
      `must start with redis://, rediss://, redis-sentinel:// or redis-cluster:// (forms: ${REDIS_URL_FORMS})`,
    );
  }
  const { authority, path, query } = splitRest(value.slice(scheme.length + 3));
  const at = authority.lastIndexOf('@');
  const parts: HostListUrl = {
    credentials: at >= 0 ? parseUserinfo(authority.slice(0, at)) : {},
    hosts: parseHostList(authority.slice(at + 1), scheme === 'redis-sentinel' ? 26379 : 6379),
    path,
    params: new URLSearchParams(query),
  };
  return scheme === 'redis-cluster' ? toCluster(parts) : toSentinel(parts);
}

/** ioredis parses a redis:// URL itself: refuse here what it would misread. */
function checkStandaloneUrl(value: string, scheme: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RedisUrlError(`is not a valid ${scheme}:// URL`);
  }
  if (!url.hostname) throw new RedisUrlError('has no host');
  if (url.hostname.includes(',') || url.port.includes(','))
    throw new RedisUrlError('lists several hosts: use redis-sentinel:// or redis-cluster:// for that');
  const db = url.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db))
    throw new RedisUrlError(`has "/${db}" as its database: it must be a number (0-15)`);
}

/** The pieces of a redis-sentinel:// or redis-cluster:// URL. */
interface HostListUrl {
  credentials: { username?: string; password?: string };
  hosts: RedisHost[];
  path: string;
  params: URLSearchParams;
}

function toCluster({ credentials, hosts, path, params }: HostListUrl): RedisTarget {
  if (path !== '' && path !== '/')
    throw new RedisUrlError(
      'must not have a path: a Redis Cluster has only database 0 (redis-cluster://host:6379,host:6379)',
    );
  const unknown = [...params.keys()];
  if (unknown.length > 0)
    throw new RedisUrlError(`has an unknown option "${unknown[0]}" (redis-cluster:// takes none)`);
  return { kind: 'cluster', nodes: hosts, ...credentials };
}

function toSentinel({ credentials, hosts, path, params }: HostListUrl): RedisTarget {
  const masterName = decode(path.replace(/^\//, ''), 'the master name');
  if (!masterName || masterName.includes('/')) {
    throw new RedisUrlError(
      'must name the Sentinel master group as its path: redis-sentinel://host:26379,host:26379/<masterName>',
    );
  }
  for (const key of params.keys()) {
    if (!SENTINEL_QUERY.has(key))
      throw new RedisUrlError(
        `has an unknown option "${key}" (redis-sentinel:// takes db, sentinelUsername, sentinelPassword)`,
      );
  }
  const dbText = params.get('db') ?? '0';
  if (!/^\d{1,2}$/.test(dbText)) throw new RedisUrlError(`has db=${dbText}: it must be a number (0-15)`);
  const sentinelUsername = params.get('sentinelUsername') ?? undefined;
  const sentinelPassword = params.get('sentinelPassword') ?? undefined;
  return {
    kind: 'sentinel',
    sentinels: hosts,
    masterName,
    db: Number(dbText),
    ...credentials,
    ...(sentinelUsername ? { sentinelUsername } : {}),
    ...(sentinelPassword ? { sentinelPassword } : {}),
  };
}

/** True when the key (or key prefix) has a Redis Cluster hash tag: a non-empty `{…}`, the first `{` closed by the first `}` after it. */
export function hasHashTag(key: string): boolean {
  const open = key.indexOf('{');
  if (open < 0) return false;
  const close = key.indexOf('}', open + 1);
  return close > open + 1;
}

function splitRest(rest: string): { authority: string; path: string; query: string } {
  const q = rest.indexOf('?');
  const beforeQuery = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q + 1) : '';
  const at = beforeQuery.lastIndexOf('@');
  const slash = beforeQuery.indexOf('/', at + 1);
  return slash >= 0
    ? { authority: beforeQuery.slice(0, slash), path: beforeQuery.slice(slash), query }
    : { authority: beforeQuery, path: '', query };
}

function parseUserinfo(userinfo: string): { username?: string; password?: string } {
  const colon = userinfo.indexOf(':');
  const username = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo, 'the user name');
  const password = colon >= 0 ? decode(userinfo.slice(colon + 1), 'the password') : undefined;
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

function parseHostList(list: string, defaultPort: number): RedisHost[] {
  if (list === '') throw new RedisUrlError('has no hosts');
  return list.split(',').map((entry) => {
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]/\s]+))(?::(\d*))?$/.exec(entry.trim());
    if (!m) throw new RedisUrlError(`has "${entry}" in its host list: each entry must be host or host:port`);
    const host = m[1] ?? m[2]!;
    const port = m[3] ? Number(m[3]) : defaultPort;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new RedisUrlError(`has "${entry}" in its host list: the port must be 1-65535`);
    return { host, port };
  });
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new RedisUrlError(`has a badly percent-encoded ${what}`);
  }
}
