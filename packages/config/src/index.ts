import { z } from 'zod';
import { invalidAllowlistEntries } from './ip-ranges';

export * from './ip-ranges';
import { hasHashTag, parseRedisUrl, RedisUrlError } from './redis-url';

export * from './redis-url';

/**
 * Weft's whole configuration, parsed from the environment once at start-up (SPEC §6).
 * Nothing else in the code base reads process.env: composition roots call loadConfig()
 * and pass the result down.
 */

export const DEV_SECRET_KEY = 'weft-development-secret-key-change-me';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be >= ${min}` })
    .max(max, { message: `must be <= ${max}` });

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}` },
  );

const secretKey = z.string().min(16, { message: 'must be at least 16 characters' });

export const BackoffType = z.enum(['fixed', 'linear', 'exponential']);
export type BackoffType = z.infer<typeof BackoffType>;

export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: url(['postgresql:', 'postgres:']).default('postgresql://postgres@127.0.0.1:5432/weft'),
  // One Redis, a Sentinel-managed master or a Cluster (the forms: ./redis-url.ts, docs/operations.md).
  REDIS_URL: z.string().superRefine(refineRedisUrl).default('redis://127.0.0.1:6379'),
  PORT: int(1, 65535).default(3000),
  WEFT_SECRET_KEY: secretKey.default(DEV_SECRET_KEY),
  // A former WEFT_SECRET_KEY, still accepted for decryption during a key rotation (docs/security.md).
  WEFT_SECRET_KEY_PREVIOUS: secretKey.optional(),
  WORKER_CONCURRENCY: int(1, 1000).default(16),
  MAX_CONCURRENT_WORKFLOWS: int(1).default(50),
  MAX_PARALLEL_NODES: int(1).default(10),
  WORKFLOW_TIMEOUT_SECONDS: int(1).default(300),
  STEP_TIMEOUT_MS: int(1).default(30000),
  MAX_LOOP_ITERATIONS: int(1).default(1000),
  MAX_LOOP_DEPTH: int(1).default(10),
  MAX_TOTAL_OPERATIONS: int(1).default(10000),
  MAX_HTTP_CALLS: int(0).default(100),
  MAX_PAYLOAD_BYTES: int(1).default(1048576),
  // Live event streams (GET /api/executions/:id/events) one user may hold open at once, across web processes.
  MAX_EVENT_STREAMS_PER_USER: int(1, 10_000).default(20),
  RETRY_MAX_RETRIES: int(0).default(3),
  RETRY_BACKOFF_MS: int(1).default(1000),
  RETRY_MAX_BACKOFF_MS: int(1).default(60000),
  RETRY_BACKOFF_TYPE: BackoffType.default('exponential'),
  CODE_MEMORY_MB: int(1).default(64),
  CODE_TIMEOUT_MS: int(1).default(5000),
  HTTP_ALLOW_PRIVATE: bool.default(false),
  EXECUTION_RETENTION_DAYS: int(1).default(30),
  LOG_LEVEL: LogLevel.default('info'),
  // How many reverse proxies in front of Weft to believe (X-Forwarded-For hops, counted
  // from the right). true/yes = 1; false/no/0 = none (the TCP peer is the client).
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|yes|no|\d{1,2})$/, { message: 'must be true, false or a number of proxy hops (0-99)' })
    .transform((v) => (v === 'true' || v === 'yes' ? 1 : v === 'false' || v === 'no' ? 0 : Number(v)))
    .default(0),
  // The address users reach Weft at (webhook URLs are built from it); default: the request's Host.
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  // How long a worker holds a job lock before BullMQ's stalled-job check may hand the job
  // to another worker (a killed worker's node is retried after about this long).
  WORKER_LOCK_DURATION_MS: int(1000).default(30000),
  // How often one worker (any) looks for executions nobody is driving and nothing will wake,
  // and how long such an execution must have been idle past its wake-up time first.
  RECONCILE_INTERVAL_MS: int(100).default(10000),
  // How often a drive that fails for infrastructure reasons (Postgres down, a crash loop) is
  // retried, with exponential backoff from 500 ms, before its execution is failed.
  DRIVE_ATTEMPTS: int(1, 100).default(10),
  RECONCILE_GRACE_MS: int(0).default(30000),
  // HS256 secret for JWT bearer tokens (service-to-service; docs/access.md). Unset: JWTs are refused.
  JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters (e.g. openssl rand -hex 32)' }).optional(),
  // Prefix for BullMQ keys, so several Weft installs (or test runs) can share one Redis. On a
  // Redis Cluster it must hold a hash tag (`{weft}`) so each queue's keys share a slot; the
  // default is then `{weft}` (see the cross-field rule in loadConfig).
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:{}-]+$/, { message: 'must be letters, digits, _ : - and at most one {hash tag}' })
    .refine((v) => /^[^{}]*(\{[^{}]+\}[^{}]*)?$/.test(v), {
      message: 'may hold one non-empty {hash tag} and no other braces (e.g. {weft} or weft:{prod})',
    })
    .optional(),
  // Operations (docs/operations.md).
  // Each worker serves /metrics and /health/* here; 0 picks a free port (logged, and shown on the Workers page).
  WORKER_METRICS_PORT: int(0, 65535).default(9464),
  WORKER_METRICS_HOST: z.string().min(1).default('0.0.0.0'),
  // Bearer token for GET /api/metrics and the workers' /metrics; unset: only METRICS_ALLOW_CIDRS may scrape.
  METRICS_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  // Comma-separated addresses/CIDRs allowed to scrape without the token (the TCP peer, or the trusted client with TRUST_PROXY).
  METRICS_ALLOW_CIDRS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .refine((list) => invalidAllowlistEntries(list).length === 0, {
      message: 'must be a comma-separated list of IP addresses or CIDR ranges (e.g. 10.0.0.0/8,::1)',
    })
    .default(['127.0.0.1/32', '::1/128']),
  WORKER_HEARTBEAT_MS: int(100).default(5000),
  WORKER_STALE_MS: int(300).default(30000),
  // Finished executions older than this many days are pruned; and beyond the newest MAX finished ones, if set.
  EXECUTION_RETENTION_MAX: int(1).optional(),
  // Pruned executions are first written here as gzip JSON lines, one file per day (unset: not archived).
  ARCHIVE_DIR: z.string().min(1).optional(),
  RETENTION_INTERVAL_MS: int(1000).default(3_600_000),
  RETENTION_BATCH_SIZE: int(1, 100_000).default(1000),
  // Postgres connections per process (the hot-path pg pool); default: web 10, worker min(max(4, WORKER_CONCURRENCY), 40).
  DATABASE_POOL_MAX: int(1, 1000).optional(),
});

export type Env = z.infer<typeof EnvSchema>;

function refineRedisUrl(value: string, ctx: z.RefinementCtx): void {
  try {
    parseRedisUrl(value);
  } catch (err) {
    if (!(err instanceof RedisUrlError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
  }
}

function isClusterUrl(value: string | undefined): boolean {
  try {
    return value !== undefined && parseRedisUrl(value).kind === 'cluster';
  } catch {
    return false; // reported as a REDIS_URL problem already
  }
}

export interface Config {
  nodeEnv: Env['NODE_ENV'];
  databaseUrl: string;
  redisUrl: string;
  port: number;
  secretKey: string;
  /** WEFT_SECRET_KEY_PREVIOUS: opens secrets sealed under the former key during a rotation; never seals. */
  previousSecretKey: string | undefined;
  usingDevSecretKey: boolean;
  /** HS256 secret for JWT bearer tokens; undefined: JWTs are refused. */
  jwtSecret: string | undefined;
  workerConcurrency: number;
  workerLockDurationMs: number;
  reconcile: { intervalMs: number; graceMs: number };
  driveAttempts: number;
  queuePrefix: string;
  /** True when at least one reverse proxy is trusted (TRUST_PROXY). */
  trustProxy: boolean;
  /** Number of trusted proxy hops: the client is that many entries from the right of X-Forwarded-For. */
  trustProxyHops: number;
  publicUrl: string | null;
  logLevel: z.infer<typeof LogLevel>;
  metrics: { port: number; host: string; token: string | undefined; allowCidrs: string[] };
  fleet: { heartbeatMs: number; staleMs: number };
  retention: {
    days: number;
    maxCount: number | undefined;
    archiveDir: string | undefined;
    intervalMs: number;
    batchSize: number;
  };
  databasePoolMax: number | undefined;
  limits: Limits;
  /** Open live-event streams per user (MAX_EVENT_STREAMS_PER_USER); the next answers 429. */
  maxEventStreamsPerUser: number;
  retry: RetryDefaults;
  code: { memoryMb: number; timeoutMs: number };
}

/** SPEC §6's limits: the engine's own (`EngineLimits`, same names) plus the worker's. Built by `toLimits`. */
export type Limits = ReturnType<typeof toLimits>;

export interface RetryDefaults {
  maxRetries: number;
  backoffMs: number;
  maxBackoffMs: number;
  backoffType: BackoffType;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming every bad variable and its rule. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Treat empty strings as unset, as shells and compose files often pass them.
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(clean);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`);
  // Cross-field rules, checked even when other variables are bad so every problem is listed.
  problems.push(...crossFieldProblems(clean));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return toConfig(parsed.data);
}

/** Rules between variables, read from the raw values (with their defaults). */
function crossFieldProblems(clean: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const backoff = Number(clean.RETRY_BACKOFF_MS ?? 1000);
  const maxBackoff = Number(clean.RETRY_MAX_BACKOFF_MS ?? 60000);
  if (Number.isInteger(backoff) && Number.isInteger(maxBackoff) && maxBackoff < backoff) {
    problems.push(`RETRY_MAX_BACKOFF_MS must be >= RETRY_BACKOFF_MS (${backoff})`);
  }
  // Outside development the built-in key would let anyone who read this source decrypt
  // webhook secrets and forge sessions: refuse to start (n8n and Gitea generate one instead;
  // `npm start` does that too, see scripts/secret-key.mjs).
  const nodeEnv = clean.NODE_ENV ?? 'development';
  const key = clean.WEFT_SECRET_KEY;
  if (nodeEnv !== 'development' && (key === undefined || key === DEV_SECRET_KEY)) {
    problems.push(
      `WEFT_SECRET_KEY must be set to a random secret of 32+ characters when NODE_ENV=${nodeEnv} ` +
        `(${key === undefined ? 'it is not set' : 'it is the built-in development value'}); e.g. WEFT_SECRET_KEY=$(openssl rand -hex 32)`,
    );
  }
  if (clean.WEFT_SECRET_KEY_PREVIOUS !== undefined && clean.WEFT_SECRET_KEY_PREVIOUS === (key ?? DEV_SECRET_KEY)) {
    problems.push(
      'WEFT_SECRET_KEY_PREVIOUS must differ from WEFT_SECRET_KEY: it is the former key, kept during a rotation ' +
        '(set WEFT_SECRET_KEY to the new key, or unset WEFT_SECRET_KEY_PREVIOUS)',
    );
  }
  const heartbeat = Number(clean.WORKER_HEARTBEAT_MS ?? 5000);
  const stale = Number(clean.WORKER_STALE_MS ?? 30000);
  if (Number.isInteger(heartbeat) && Number.isInteger(stale) && stale < 3 * heartbeat) {
    problems.push(
      `WORKER_STALE_MS (${stale}) must be >= 3 × WORKER_HEARTBEAT_MS (${heartbeat}), i.e. >= ${3 * heartbeat}, ` +
        `so one late heartbeat does not mark a live worker gone`,
    );
  }
  // BullMQ's scripts touch several keys of a queue at once; on a Cluster they must hash to one
  // slot, which only a hash tag in the prefix guarantees (otherwise every job fails CROSSSLOT).
  const prefix = clean.QUEUE_PREFIX;
  if (prefix !== undefined && !hasHashTag(prefix) && isClusterUrl(clean.REDIS_URL)) {
    problems.push(
      `QUEUE_PREFIX (${prefix}) must contain a hash tag such as {${prefix.replace(/[{}]/g, '') || 'weft'}} when ` +
        `REDIS_URL is a redis-cluster:// URL, so each queue's keys share one cluster slot`,
    );
  }
  return problems;
}

function toConfig(e: Env): Config {
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    port: e.PORT,
    secretKey: e.WEFT_SECRET_KEY,
    previousSecretKey: e.WEFT_SECRET_KEY_PREVIOUS,
    usingDevSecretKey: e.WEFT_SECRET_KEY === DEV_SECRET_KEY,
    jwtSecret: e.JWT_SECRET,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLockDurationMs: e.WORKER_LOCK_DURATION_MS,
    reconcile: { intervalMs: e.RECONCILE_INTERVAL_MS, graceMs: e.RECONCILE_GRACE_MS },
    driveAttempts: e.DRIVE_ATTEMPTS,
    queuePrefix: e.QUEUE_PREFIX ?? (parseRedisUrl(e.REDIS_URL).kind === 'cluster' ? '{weft}' : 'weft'),
    trustProxy: e.TRUST_PROXY > 0,
    trustProxyHops: e.TRUST_PROXY,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    logLevel: e.LOG_LEVEL,
    metrics: {
      port: e.WORKER_METRICS_PORT,
      host: e.WORKER_METRICS_HOST,
      token: e.METRICS_TOKEN,
      allowCidrs: e.METRICS_ALLOW_CIDRS,
    },
    fleet: { heartbeatMs: e.WORKER_HEARTBEAT_MS, staleMs: e.WORKER_STALE_MS },
    retention: {
      days: e.EXECUTION_RETENTION_DAYS,
      maxCount: e.EXECUTION_RETENTION_MAX,
      archiveDir: e.ARCHIVE_DIR,
      intervalMs: e.RETENTION_INTERVAL_MS,
      batchSize: e.RETENTION_BATCH_SIZE,
    },
    databasePoolMax: e.DATABASE_POOL_MAX,
    limits: toLimits(e),
    maxEventStreamsPerUser: e.MAX_EVENT_STREAMS_PER_USER,
    retry: {
      maxRetries: e.RETRY_MAX_RETRIES,
      backoffMs: e.RETRY_BACKOFF_MS,
      maxBackoffMs: e.RETRY_MAX_BACKOFF_MS,
      backoffType: e.RETRY_BACKOFF_TYPE,
    },
    code: { memoryMb: e.CODE_MEMORY_MB, timeoutMs: e.CODE_TIMEOUT_MS },
  };
}

/** Config's share of SPEC §6's limits; the worker lays it over the engine's DEFAULT_LIMITS. */
function toLimits(e: Env) {
  return {
    maxConcurrentWorkflows: e.MAX_CONCURRENT_WORKFLOWS,
    maxParallelNodes: e.MAX_PARALLEL_NODES,
    workflowTimeoutSeconds: e.WORKFLOW_TIMEOUT_SECONDS,
    stepTimeoutMs: e.STEP_TIMEOUT_MS,
    maxLoopIterations: e.MAX_LOOP_ITERATIONS,
    maxLoopDepth: e.MAX_LOOP_DEPTH,
    maxTotalOperations: e.MAX_TOTAL_OPERATIONS,
    maxHttpCalls: e.MAX_HTTP_CALLS,
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES,
    httpAllowPrivate: e.HTTP_ALLOW_PRIVATE,
  };
}

/** Warnings worth logging at start-up (a short secret key). */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (!config.usingDevSecretKey && config.secretKey.length < 32) {
    warnings.push('WEFT_SECRET_KEY is shorter than 32 characters; use a random secret of 32+ characters');
  }
  return warnings;
}

/**
 * For entry points: load config or print the problems and exit(1), so a bad value stops
 * the process with a message naming the variable and the rule.
 */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
