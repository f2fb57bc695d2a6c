import 'server-only';
import { configWarnings, loadConfig, type Config } from '@weft/config';
import {
  createPgPool,
  createPrismaClient,
  createPrismaStore,
  PgExecutionStore,
  SecretBox,
  type PgPool,
  type Store,
} from '@weft/db';
import { createLogger, createMetrics, wantsPrettyLogs, type Logger, type Metrics } from '@weft/observability';
import {
  BullWakeQueue,
  WakeRetrier,
  countWorkers,
  createRedis,
  ExecutionEventsSubscriber,
  listWorkers,
  queueDepthsReader,
  ScheduleTimers,
  StreamSlots,
  untilConnected,
} from '@weft/queue';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterRes } from 'rate-limiter-flexible';

/**
 * The web app's composition root (STYLE.md): every adapter the route handlers need is
 * built here, once per process, and handed down through `defineRoute`'s context.
 * Nothing below this file calls `loadConfig()` or constructs a client.
 */
export interface Services {
  config: Config;
  /** The key ring sealing secrets at rest (WEFT_SECRET_KEY, and WEFT_SECRET_KEY_PREVIOUS during a rotation). */
  secrets: SecretBox;
  /** The repositories (packages/db/src/repositories): every use case's data access goes through these. */
  store: Store;
  logger: Logger;
  /**
   * Redis, when the app has one. Readiness pings it if present. Typed structurally so
   * this file needs no ioredis import until the queue lands.
   */
  redis?: { ping(): Promise<string>; quit(): Promise<unknown> };
  /** A pg pool for the hot path, where Prisma's interpreter was the cost: webhook lookup, execution insert, sync replies. */
  pool: PgPool;
  /** Executions' statuses set from outside a drive (`transition`: the administrator's purge). */
  executionStore: PgExecutionStore;
  /** Producer side of the execution queue: starting an execution wakes a worker. */
  wakes: BullWakeQueue;
  /** Schedule timers (BullMQ job schedulers): set and removed with every schedule change. */
  timers: ScheduleTimers;
  /** Live execution change notifications (SSE); its subscriber connection opens on first use. */
  executionEvents(): ExecutionEventsSubscriber;
  /** Open live streams per user, shared by every web process (MAX_EVENT_STREAMS_PER_USER). */
  streamSlots: StreamSlots;
  /** A Redis-backed limiter (shared by every web process): `points` per `durationSec`. */
  /**
   * A Redis-counted limiter, shared by every web process. While Redis is down it refuses
   * (503: sign-in throttles fail closed) unless `whenRedisDown: 'local'`, which counts in this
   * process's memory with the same budget until Redis is back (webhook rate limits: a Redis
   * restart should not refuse deliveries that Postgres can record).
   */
  rateLimiter(
    keyPrefix: string,
    points: number,
    durationSec: number,
    opts?: { whenRedisDown?: 'refuse' | 'local' },
  ): RateLimiterRedis;
  /** Wake-ups of accepted executions that Redis did not take, retried until it does. */
  wakeRetrier: WakeRetrier;
  /** This process's Prometheus registry (`GET /api/metrics`). */
  metrics: Metrics;
  /** Closes every connection opened here. */
  close(): Promise<void>;
}

// Cached on globalThis, not in a module variable: `next dev` re-evaluates modules on
// every edit, and a module-level cache would open a new Postgres pool each time.
const SERVICES = Symbol.for('weft.web.services');
type ServicesHolder = { [SERVICES]?: Services };

/**
 * The process's services, built on first call. Config is validated here — at the first
 * request, not at `next build` (t3's build-time validation broke Docker builds).
 * A bad environment throws `ConfigError`, which `defineRoute` reports as a 500 and logs.
 */
export function getServices(): Services {
  const holder = globalThis as ServicesHolder;
  holder[SERVICES] ??= buildServices();
  return holder[SERVICES];
}

function buildServices(): Services {
  const config = loadConfig();
  const logger = createLogger({
    service: 'web',
    level: config.logLevel,
    pretty: wantsPrettyLogs(config.nodeEnv, process.stdout.isTTY),
  });
  for (const warning of configWarnings(config)) logger.warn(warning);

  const prisma = createPrismaClient(config.databaseUrl);

  // A producer connection fails fast while Redis is down, so requests answer 503 at once.
  const redis = createRedis(config.redisUrl, 'producer');
  const wakes = new BullWakeQueue(redis, {
    prefix: config.queuePrefix,
    timeoutMs: 3_000,
    attempts: config.driveAttempts,
  });
  const timers = new ScheduleTimers(redis, { prefix: config.queuePrefix, timeoutMs: 3_000 });
  const pool = createPgPool(config.databaseUrl, { max: config.databasePoolMax ?? 10 });
  let events: ExecutionEventsSubscriber | undefined;
  const executionEvents = () =>
    (events ??= new ExecutionEventsSubscriber(createRedis(config.redisUrl, 'subscriber'), config.queuePrefix));
  // Each open stream refreshes its lease every third of it (server/executions/live.ts), so a
  // web process that dies stops counting within 45 s.
  const streamSlots = new StreamSlots(redis, config.queuePrefix, { leaseMs: 45_000 });
  const limiters = new Map<string, RateLimiterRedis>();
  const rateLimiter = (
    keyPrefix: string,
    points: number,
    durationSec: number,
    opts: { whenRedisDown?: 'refuse' | 'local' } = {},
  ) => {
    const local = opts.whenRedisDown === 'local';
    const key = `${keyPrefix}:${points}:${durationSec}`;
    let limiter = limiters.get(`${key}:${local}`);
    if (!limiter) {
      limiter = new ConnectedRateLimiter(redis, {
        storeClient: redis,
        keyPrefix: `${config.queuePrefix}:rl:${key}`,
        points,
        duration: durationSec,
        rejectIfRedisNotReady: true,
        ...(local
          ? { insuranceLimiter: new RateLimiterMemory({ keyPrefix: key, points, duration: durationSec }) }
          : {}),
      });
      limiters.set(`${key}:${local}`, limiter);
    }
    return limiter;
  };
  const wakeRetrier = new WakeRetrier(wakes, {
    onChange: (e) =>
      e.kind === 'deferring'
        ? logger.warn(
            { err: (e.err as Error)?.message },
            'could not queue wake-ups; the executions are recorded and will be woken when Redis takes them',
          )
        : logger.info({ woken: e.woken }, 'queued the deferred wake-ups'),
  });
  // Queue depths are read at scrape time, on the producer connection (fail-fast while Redis is down).
  const depths = queueDepthsReader(redis, config.queuePrefix);
  const metrics = createMetrics({
    queueDepths: () => depths.read(),
    workers: async () => countWorkers(await listWorkers(redis, config.queuePrefix, config.fleet.staleMs)),
    onCollectError: (what, err) => logger.warn({ err: (err as Error).message }, `metrics: could not read ${what}`),
  });
  async function close(): Promise<void> {
    wakeRetrier.close();
    await events?.close();
    await depths.close();
    await wakes.close().catch(() => undefined);
    await timers.close().catch(() => undefined);
    // BullMQ does not close a connection it was handed.
    await redis.quit().catch(() => undefined);
    await prisma.$disconnect();
    await pool.end().catch(() => undefined);
  }
  return {
    config,
    secrets: new SecretBox({ current: config.secretKey, previous: config.previousSecretKey }),
    store: createPrismaStore(prisma),
    pool,
    executionStore: new PgExecutionStore(pool),
    logger,
    redis,
    wakes,
    wakeRetrier,
    timers,
    executionEvents,
    streamSlots,
    rateLimiter,
    metrics,
    close,
  };
}

/**
 * A Redis limiter that lets the process's first Redis connection finish opening before it
 * answers: with `rejectIfRedisNotReady` (needed so a Redis outage answers at once) it would
 * otherwise refuse the first sign-in or webhook after every start. Only the first: once the
 * connection has been ready, an outage is answered at once, not after a wait per request.
 */
class ConnectedRateLimiter extends RateLimiterRedis {
  private opened = false;

  constructor(
    private readonly connection: object,
    opts: ConstructorParameters<typeof RateLimiterRedis>[0],
  ) {
    super(opts);
  }

  private async firstConnection(): Promise<void> {
    if (this.opened) return;
    await untilConnected(this.connection);
    this.opened = true;
  }

  override async consume(
    key: string | number,
    points?: number,
    options?: { [key: string]: unknown },
  ): Promise<RateLimiterRes> {
    await this.firstConnection();
    return super.consume(key, points, options);
  }

  override async get(key: string | number, options?: { [key: string]: unknown }): Promise<RateLimiterRes | null> {
    await this.firstConnection();
    return super.get(key, options);
  }
}

/**
 * Closes what `getServices()` opened and forgets it, so the next call builds afresh.
 * For graceful shutdown and for tests (which end each file with it so the pool closes).
 */
export async function disposeServices(): Promise<void> {
  const holder = globalThis as ServicesHolder;
  const services = holder[SERVICES];
  delete holder[SERVICES];
  await services?.close();
}
