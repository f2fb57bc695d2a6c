import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, DEV_SECRET_KEY, loadConfig } from '../src';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies every SPEC §6 default', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('postgresql://postgres@127.0.0.1:5432/weft');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.port).toBe(3000);
    expect(c.workerConcurrency).toBe(16);
    expect(c.limits).toEqual({
      maxConcurrentWorkflows: 50,
      maxParallelNodes: 10,
      workflowTimeoutSeconds: 300,
      stepTimeoutMs: 30000,
      maxLoopIterations: 1000,
      maxLoopDepth: 10,
      maxTotalOperations: 10000,
      maxHttpCalls: 100,
      maxPayloadBytes: 1048576,
      httpAllowPrivate: false,
    });
    expect(c.retry).toEqual({ maxRetries: 3, backoffMs: 1000, maxBackoffMs: 60000, backoffType: 'exponential' });
    expect(c.code).toEqual({ memoryMb: 64, timeoutMs: 5000 });
    expect(c.maxEventStreamsPerUser).toBe(20);
    expect(c.retention).toEqual({
      days: 30,
      maxCount: undefined,
      archiveDir: undefined,
      intervalMs: 3_600_000,
      batchSize: 1000,
    });
    expect(c.metrics).toEqual({
      port: 9464,
      host: '0.0.0.0',
      token: undefined,
      allowCidrs: ['127.0.0.1/32', '::1/128'],
    });
    expect(c.fleet).toEqual({ heartbeatMs: 5000, staleMs: 30000 });
    expect(c.logLevel).toBe('info');
    expect(c.publicUrl).toBeNull();
    expect(loadConfig({ PUBLIC_URL: 'https://weft.example.com/' }).publicUrl).toBe('https://weft.example.com');
  });

  it('parses given values, treating empty strings as unset', () => {
    const c = loadConfig({
      PORT: '8080',
      HTTP_ALLOW_PRIVATE: 'true',
      RETRY_BACKOFF_TYPE: 'linear',
      MAX_HTTP_CALLS: '',
      LOG_LEVEL: 'debug',
    });
    expect(c.port).toBe(8080);
    expect(c.limits.httpAllowPrivate).toBe(true);
    expect(c.retry.backoffType).toBe('linear');
    expect(c.limits.maxHttpCalls).toBe(100);
    expect(c.logLevel).toBe('debug');
  });

  it('names the variable and the rule for each bad value, all at once', () => {
    const p = problems({
      PORT: 'abc',
      WORKER_CONCURRENCY: '0',
      RETRY_BACKOFF_TYPE: 'random',
      DATABASE_URL: 'mysql://x',
      HTTP_ALLOW_PRIVATE: 'maybe',
    });
    expect(p).toEqual(
      expect.arrayContaining([
        'PORT must be a number',
        'WORKER_CONCURRENCY must be >= 1',
        expect.stringMatching(/^RETRY_BACKOFF_TYPE /),
        expect.stringMatching(/^DATABASE_URL must be a URL starting with postgresql:/),
        'HTTP_ALLOW_PRIVATE must be true or false',
      ]),
    );
    expect(p).toHaveLength(5);
  });

  it.each([
    [{ RETRY_MAX_RETRIES: '-1' }, 'RETRY_MAX_RETRIES must be >= 0'],
    [{ RETRY_BACKOFF_MS: '0' }, 'RETRY_BACKOFF_MS must be >= 1'],
    [
      { RETRY_BACKOFF_MS: '5000', RETRY_MAX_BACKOFF_MS: '1000' },
      'RETRY_MAX_BACKOFF_MS must be >= RETRY_BACKOFF_MS (5000)',
    ],
    [{ STEP_TIMEOUT_MS: '1.5' }, 'STEP_TIMEOUT_MS must be a whole number'],
    [{ WEFT_SECRET_KEY: 'short' }, 'WEFT_SECRET_KEY must be at least 16 characters'],
    [{ MAX_EVENT_STREAMS_PER_USER: '0' }, 'MAX_EVENT_STREAMS_PER_USER must be >= 1'],
    [{ MAX_EVENT_STREAMS_PER_USER: 'many' }, 'MAX_EVENT_STREAMS_PER_USER must be a number'],
  ])('rejects %o: %s', (env, message) => {
    expect(problems(env)).toEqual([message]);
  });

  it('refuses a missing or built-in WEFT_SECRET_KEY outside development, naming the variable', () => {
    for (const NODE_ENV of ['production', 'test']) {
      expect(problems({ NODE_ENV })).toEqual([expect.stringMatching(/^WEFT_SECRET_KEY must be set .*it is not set/)]);
      expect(problems({ NODE_ENV, WEFT_SECRET_KEY: DEV_SECRET_KEY })).toEqual([
        expect.stringMatching(/^WEFT_SECRET_KEY .*built-in development value/),
      ]);
    }
    expect(
      loadConfig({ NODE_ENV: 'production', WEFT_SECRET_KEY: 'a-real-secret-of-enough-length-0123456789' })
        .usingDevSecretKey,
    ).toBe(false);
    // Development keeps working out of the box.
    expect(loadConfig({}).usingDevSecretKey).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).secretKey).toBe(DEV_SECRET_KEY);
  });

  it('takes an optional WEFT_SECRET_KEY_PREVIOUS, validated like the key, and refuses it equal to the key', () => {
    const key = 'a-real-secret-of-enough-length-0123456789';
    const former = 'the-former-secret-of-enough-length-9876';
    expect(loadConfig({ WEFT_SECRET_KEY: key }).previousSecretKey).toBeUndefined();
    expect(loadConfig({ WEFT_SECRET_KEY: key, WEFT_SECRET_KEY_PREVIOUS: former }).previousSecretKey).toBe(former);
    expect(problems({ WEFT_SECRET_KEY: key, WEFT_SECRET_KEY_PREVIOUS: 'short' })).toEqual([
      'WEFT_SECRET_KEY_PREVIOUS must be at least 16 characters',
    ]);
    expect(problems({ WEFT_SECRET_KEY: key, WEFT_SECRET_KEY_PREVIOUS: key })).toEqual([
      expect.stringMatching(/^WEFT_SECRET_KEY_PREVIOUS must differ from WEFT_SECRET_KEY/),
    ]);
    // Unset WEFT_SECRET_KEY is the development default: the same rule applies to it.
    expect(problems({ WEFT_SECRET_KEY_PREVIOUS: DEV_SECRET_KEY })).toEqual([
      expect.stringMatching(/^WEFT_SECRET_KEY_PREVIOUS must differ/),
    ]);
  });

  it('warns about a short secret key', () => {
    expect(configWarnings(loadConfig({ NODE_ENV: 'development' }))).toEqual([]);
    expect(configWarnings(loadConfig({ NODE_ENV: 'production', WEFT_SECRET_KEY: 'only-20-characters!' }))[0]).toMatch(
      /WEFT_SECRET_KEY/,
    );
    expect(
      configWarnings(
        loadConfig({ NODE_ENV: 'production', WEFT_SECRET_KEY: 'a-real-secret-of-enough-length-0123456789' }),
      ),
    ).toEqual([]);
    expect(DEV_SECRET_KEY.length).toBeGreaterThanOrEqual(16);
  });

  it('takes an optional JWT_SECRET of 32+ characters', () => {
    expect(loadConfig({}).jwtSecret).toBeUndefined();
    expect(loadConfig({ JWT_SECRET: 'j'.repeat(32) }).jwtSecret).toBe('j'.repeat(32));
    expect(problems({ JWT_SECRET: 'short' })).toEqual([
      expect.stringMatching(/^JWT_SECRET must be at least 32 characters/),
    ]);
  });

  it('reads TRUST_PROXY as a number of proxy hops', () => {
    expect(loadConfig({})).toMatchObject({ trustProxy: false, trustProxyHops: 0 });
    expect(loadConfig({ TRUST_PROXY: 'true' })).toMatchObject({ trustProxy: true, trustProxyHops: 1 });
    expect(loadConfig({ TRUST_PROXY: 'no' })).toMatchObject({ trustProxy: false, trustProxyHops: 0 });
    expect(loadConfig({ TRUST_PROXY: '2' })).toMatchObject({ trustProxy: true, trustProxyHops: 2 });
    expect(problems({ TRUST_PROXY: 'maybe' })).toEqual([
      'TRUST_PROXY must be true, false or a number of proxy hops (0-99)',
    ]);
  });

  it('requires WORKER_STALE_MS >= 3 × WORKER_HEARTBEAT_MS, naming both', () => {
    expect(problems({ WORKER_HEARTBEAT_MS: '5000', WORKER_STALE_MS: '14999' })).toEqual([
      'WORKER_STALE_MS (14999) must be >= 3 × WORKER_HEARTBEAT_MS (5000), i.e. >= 15000, so one late heartbeat ' +
        'does not mark a live worker gone',
    ]);
    expect(loadConfig({ WORKER_HEARTBEAT_MS: '1000', WORKER_STALE_MS: '3000' }).fleet).toEqual({
      heartbeatMs: 1000,
      staleMs: 3000,
    });
  });

  it('parses METRICS_ALLOW_CIDRS and refuses a bad entry', () => {
    expect(loadConfig({ METRICS_ALLOW_CIDRS: '10.0.0.0/8, ::1 ,192.168.1.5' }).metrics.allowCidrs).toEqual([
      '10.0.0.0/8',
      '::1',
      '192.168.1.5',
    ]);
    expect(problems({ METRICS_ALLOW_CIDRS: '10.0.0.0/8,nope' })[0]).toMatch(
      /^METRICS_ALLOW_CIDRS must be a comma-separated list/,
    );
    expect(problems({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN must be at least 16 characters']);
  });

  it('takes REDIS_URL as one Redis, a Sentinel group or a Cluster, and names REDIS_URL when it is bad', () => {
    expect(loadConfig({ REDIS_URL: 'redis-sentinel://s1:26379,s2/mymaster' }).redisUrl).toBe(
      'redis-sentinel://s1:26379,s2/mymaster',
    );
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.example.com:6380/2' }).queuePrefix).toBe('weft');
    expect(problems({ REDIS_URL: 'http://127.0.0.1:6379' })).toEqual([
      expect.stringMatching(
        /^REDIS_URL must start with redis:\/\/, rediss:\/\/, redis-sentinel:\/\/ or redis-cluster:\/\//,
      ),
    ]);
    expect(problems({ REDIS_URL: 'redis-sentinel://s1:26379,s2:26379' })).toEqual([
      expect.stringMatching(/^REDIS_URL must name the Sentinel master group/),
    ]);
    expect(problems({ REDIS_URL: 'redis-cluster://n1:7000,n2:99999' })).toEqual([
      'REDIS_URL has "n2:99999" in its host list: the port must be 1-65535',
    ]);
  });

  it('on a Redis Cluster, wants a hash tag in QUEUE_PREFIX (default {weft}), naming both variables', () => {
    const cluster = 'redis-cluster://127.0.0.1:7000,127.0.0.1:7001';
    expect(loadConfig({ REDIS_URL: cluster }).queuePrefix).toBe('{weft}');
    expect(loadConfig({ REDIS_URL: cluster, QUEUE_PREFIX: 'prod:{weft}' }).queuePrefix).toBe('prod:{weft}');
    expect(problems({ REDIS_URL: cluster, QUEUE_PREFIX: 'weft' })).toEqual([
      'QUEUE_PREFIX (weft) must contain a hash tag such as {weft} when REDIS_URL is a redis-cluster:// URL, so ' +
        "each queue's keys share one cluster slot",
    ]);
    // Braces are fine without a cluster too (the same prefix works on one Redis), but only one well-formed tag.
    expect(loadConfig({ QUEUE_PREFIX: '{weft}' }).queuePrefix).toBe('{weft}');
    expect(problems({ QUEUE_PREFIX: '{a}{b}' })).toEqual([
      expect.stringMatching(/^QUEUE_PREFIX may hold one non-empty \{hash tag\}/),
    ]);
    expect(problems({ QUEUE_PREFIX: 'weft{}' })).toEqual([
      expect.stringMatching(/^QUEUE_PREFIX may hold one non-empty \{hash tag\}/),
    ]);
    expect(problems({ QUEUE_PREFIX: 'we ft' })).toEqual([
      expect.stringMatching(/^QUEUE_PREFIX must be letters, digits/),
    ]);
  });
});
