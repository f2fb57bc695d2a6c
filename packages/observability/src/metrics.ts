import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DriveObserver } from '@weft/engine';
import { withTimeout, type QueueDepth } from '@weft/queue';

export interface MetricsSources {
  /** Read at every scrape; a failure (Redis down) leaves the gauge empty for that scrape. */
  queueDepths?: () => Promise<QueueDepth[]>;
  /** Workers by state (`live`, `gone`, `stopped`) from the fleet list. */
  workers?: () => Promise<Record<string, number>>;
  /** Called with a scrape-time failure, so it is logged rather than thrown at Prometheus. */
  onCollectError?: (what: string, err: unknown) => void;
}

/** A scrape must answer even when Redis hangs: a source gets this long, then counts as failed. */
const SOURCE_DEADLINE_MS = 1_500;

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const NODE_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Every Prometheus metric Weft exports (SPEC §8, docs/operations.md "Metrics"), in one
 * registry per process, with Node's process metrics. Web and worker register the same set,
 * so a dashboard query works whichever process it reaches; each counts what happens in it
 * (executions and node runs in workers, webhook requests in web).
 */
export function createMetrics(sources: MetricsSources = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m = registerEventMetrics(registry);
  registerScrapeGauges(registry, sources);
  return {
    registry,
    observer: driveObserver(m),
    httpCall: () => m.httpCalls.inc(),
    webhookRequest: (status: number) => m.webhookRequests.labels(String(status)).inc(),
    executionsPruned: (n: number) => m.pruned.inc(n),
    contentType: registry.contentType,
    /** The Prometheus text exposition of everything above. */
    render: () => registry.metrics(),
  };
}

/** What is counted as it happens: executions and node runs (workers), HTTP calls, webhook requests, pruning. */
function registerEventMetrics(registry: Registry) {
  return {
    executions: new Counter({
      name: 'weft_executions_total',
      help: 'Executions finished, by status and trigger',
      labelNames: ['status', 'trigger'] as const,
      registers: [registry],
    }),
    executionDuration: new Histogram({
      name: 'weft_execution_duration_seconds',
      help: 'Execution duration from start to finish',
      labelNames: ['status'] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    nodeRuns: new Counter({
      name: 'weft_node_runs_total',
      help: 'Node runs recorded, by node type and status',
      labelNames: ['type', 'status'] as const,
      registers: [registry],
    }),
    nodeDuration: new Histogram({
      name: 'weft_node_duration_seconds',
      help: 'Node run duration, by node type',
      labelNames: ['type'] as const,
      buckets: NODE_BUCKETS,
      registers: [registry],
    }),
    httpCalls: new Counter({
      name: 'weft_http_calls_total',
      help: 'Outgoing HTTP requests made by http nodes',
      registers: [registry],
    }),
    webhookRequests: new Counter({
      name: 'weft_webhook_requests_total',
      help: 'Webhook deliveries answered, by HTTP status',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    pruned: new Counter({
      name: 'weft_executions_pruned_total',
      help: 'Finished executions removed by retention',
      registers: [registry],
    }),
  };
}

type EventMetrics = ReturnType<typeof registerEventMetrics>;

/** Gauges read from their source at each scrape: queue depths and the worker fleet. */
function registerScrapeGauges(registry: Registry, sources: MetricsSources): void {
  const onError = sources.onCollectError ?? (() => undefined);
  /** The source's answer, or undefined when it has none, fails or takes longer than SOURCE_DEADLINE_MS. */
  async function read<T>(what: string, source: (() => Promise<T>) | undefined): Promise<T | undefined> {
    if (!source) return undefined;
    try {
      return await withTimeout(source(), SOURCE_DEADLINE_MS, `no answer within ${SOURCE_DEADLINE_MS} ms`);
    } catch (err) {
      onError(what, err);
      return undefined;
    }
  }
  new Gauge({
    name: 'weft_queue_jobs',
    help: 'BullMQ jobs per queue and state, read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const d of (await read('queue depths', sources.queueDepths)) ?? [])
        this.set({ queue: d.queue, state: d.state }, d.count);
    },
  });
  new Gauge({
    name: 'weft_workers',
    help: 'Worker processes in the fleet list, by state (live, gone, stopped)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await read('workers', sources.workers);
      if (counts) for (const state of ['live', 'gone', 'stopped']) this.set({ state }, counts[state] ?? 0);
    },
  });
}

/** The engine's DriveObserver: node and execution metrics from each written checkpoint. */
function driveObserver(m: EventMetrics): DriveObserver {
  // Label children are cached: a drive reports every step, and labels() hashes each time.
  const nodeRunChild = new Map<string, Counter.Internal>();
  const nodeDurationChild = new Map<string, Histogram.Internal<'type'>>();
  return {
    stepsRecorded(steps) {
      for (const s of steps) {
        const key = `${s.type}\u0000${s.status}`;
        let run = nodeRunChild.get(key);
        if (!run) nodeRunChild.set(key, (run = m.nodeRuns.labels(s.type, s.status)));
        run.inc();
        if (s.status === 'skipped') continue;
        let duration = nodeDurationChild.get(s.type);
        if (!duration) nodeDurationChild.set(s.type, (duration = m.nodeDuration.labels(s.type)));
        duration.observe(s.durationMs / 1000);
      }
    },
    executionFinished(e) {
      m.executions.labels(e.status, e.trigger).inc();
      m.executionDuration.labels(e.status).observe(e.durationMs / 1000);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
