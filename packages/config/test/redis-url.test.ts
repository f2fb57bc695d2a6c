import { describe, expect, it } from 'vitest';
import { hasHashTag, parseRedisUrl, RedisUrlError } from '../src/redis-url';

function refusal(url: string): string {
  try {
    parseRedisUrl(url);
  } catch (err) {
    if (err instanceof RedisUrlError) return err.message;
    throw err;
  }
  throw new Error(`expected ${url} to be refused`);
}

/** A Sentinel or Cluster node as the parser lists it. */
const endpoint = (host: string, port: number) => ({ host, port });

describe('parseRedisUrl', () => {
  it('leaves redis:// and rediss:// URLs to ioredis', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ kind: 'standalone', url: 'redis://127.0.0.1:6379' });
    expect(parseRedisUrl('rediss://user:pw@cache:6380/3')).toEqual({
      kind: 'standalone',
      url: 'rediss://user:pw@cache:6380/3',
    });
  });

  it('reads a Sentinel group: hosts (default port 26379), master name, db and both sets of credentials', () => {
    expect(
      parseRedisUrl(
        'redis-sentinel://:s%40cret@10.0.0.1:26380,sentinel-b,[::1]:26381/mymaster?db=2&sentinelPassword=sp',
      ),
    ).toEqual({
      kind: 'sentinel',
      sentinels: [endpoint('10.0.0.1', 26380), endpoint('sentinel-b', 26379), endpoint('::1', 26381)],
      masterName: 'mymaster',
      db: 2,
      password: 's@cret',
      sentinelPassword: 'sp',
    });
    expect(parseRedisUrl('redis-sentinel://app:pw@s1/m')).toMatchObject({
      username: 'app',
      password: 'pw',
      db: 0,
      masterName: 'm',
    });
  });

  it("reads a Cluster: seed nodes (default port 6379) and the nodes' credentials", () => {
    expect(parseRedisUrl('redis-cluster://default:pw@n1:7000,n2:7001,n3')).toEqual({
      kind: 'cluster',
      nodes: [endpoint('n1', 7000), endpoint('n2', 7001), endpoint('n3', 6379)],
      username: 'default',
      password: 'pw',
    });
    expect(parseRedisUrl('redis-cluster://n1:7000/')).toEqual({ kind: 'cluster', nodes: [endpoint('n1', 7000)] });
  });

  it.each([
    ['http://x:6379', /^must start with redis:\/\//],
    ['redis://', /^(is not a valid redis:\/\/ URL|has no host)$/],
    ['redis://h:6379/x', /database: it must be a number/],
    ['redis-sentinel://s1,s2', /must name the Sentinel master group/],
    ['redis-sentinel://s1/m?db=x', /db=x: it must be a number/],
    ['redis-sentinel://s1/m?password=x', /unknown option "password"/],
    ['redis-cluster://', /has no hosts/],
    ['redis-cluster://n1:7000,,n2', /has "" in its host list/],
    ['redis-cluster://n1:0', /the port must be 1-65535/],
    ['redis-cluster://n1:7000/1', /must not have a path/],
    ['redis-cluster://n1?tls=1', /unknown option "tls"/],
  ])('refuses %s', (url, message) => {
    expect(refusal(url)).toMatch(message);
  });

  it('never repeats a password in its message', () => {
    expect(refusal('redis-cluster://:hunter2@n1:99999')).not.toContain('hunter2');
  });
});

describe('hasHashTag', () => {
  it.each([
    ['{weft}', true],
    ['prod:{weft}', true],
    ['{weft}:x', true],
    ['weft', false],
    ['weft{}', false],
    ['weft{', false],
  ])('%s → %s', (prefix, expected) => {
    expect(hasHashTag(prefix)).toBe(expected);
  });
});
