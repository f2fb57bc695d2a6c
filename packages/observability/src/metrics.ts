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

  const executions = new Counter({
    name: 'weft_executions_total',
    help: 'Executions finished, by status and trigger',
    labelNames: ['status', 'trigger'] as const,
    registers: [registry],
  });
  const executionDuration = new Histogram({
    name: 'weft_execution_duration_seconds',
    help: 'Execution duration from start to finish',
    labelNames: ['status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const nodeRuns = new Counter({
    name: 'weft_node_runs_total',
    help: 'Node runs recorded, by node type and status',
    labelNames: ['type', 'status'] as const,
    registers: [registry],
  });
  const nodeDuration = new Histogram({
    name: 'weft_node_duration_seconds',
    help: 'Node run duration, by node type',
    labelNames: ['type'] as const,
    buckets: NODE_BUCKETS,
    registers: [registry],
  });
  const httpCalls = new Counter({
    name: 'weft_http_calls_total',
    help: 'Outgoing HTTP requests made by http nodes',
    registers: [registry],
  });
  const webhookRequests = new Counter({
    name: 'weft_webhook_requests_total',
    help: 'Webhook deliveries answered, by HTTP status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const pruned = new Counter({
    name: 'weft_executions_pruned_total',
    help: 'Finished executions removed by retention',
    registers: [registry],
  });
  const onError = sources.onCollectError ?? (() => undefined);

  new Gauge({
    name: 'weft_queue_jobs',
    help: 'BullMQ jobs per queue and state, read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!sources.queueDepths) return;
      try {
        for (const d of await withTimeout(
          sources.queueDepths(),
          SOURCE_DEADLINE_MS,
          `no answer within ${SOURCE_DEADLINE_MS} ms`,
        ))
          this.set({ queue: d.queue, state: d.state }, d.count);
      } catch (err) {
        onError('queue depths', err);
      }
    },
  });
  new Gauge({
    name: 'weft_workers',
    help: 'Worker processes in the fleet list, by state (live, gone, stopped)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!sources.workers) return;
      try {
        const counts = await withTimeout(
          sources.workers(),
          SOURCE_DEADLINE_MS,
          `no answer within ${SOURCE_DEADLINE_MS} ms`,
        );
        for (const state of ['live', 'gone', 'stopped']) this.set({ state }, counts[state] ?? 0);
      } catch (err) {
        onError('workers', err);
      }
    },
  });

  // Label children are cached: a drive reports every step, and labels() hashes each time.
  const nodeRunChild = new Map<string, Counter.Internal>();
  const nodeDurationChild = new Map<string, Histogram.Internal<'type'>>();
  const observer: DriveObserver = {
    stepsRecorded(steps) {
      for (const s of steps) {
        const key = `${s.type}\u0000${s.status}`;
        let run = nodeRunChild.get(key);
        if (!run) nodeRunChild.set(key, (run = nodeRuns.labels(s.type, s.status)));
        run.inc();
        if (s.status === 'skipped') continue;
        let duration = nodeDurationChild.get(s.type);
        if (!duration) nodeDurationChild.set(s.type, (duration = nodeDuration.labels(s.type)));
        duration.observe(s.durationMs / 1000);
      }
    },
    executionFinished(e) {
      executions.labels(e.status, e.trigger).inc();
      executionDuration.labels(e.status).observe(e.durationMs / 1000);
    },
  };

  return {
    registry,
    observer,
    httpCall: () => httpCalls.inc(),
    webhookRequest: (status: number) => webhookRequests.labels(String(status)).inc(),
    executionsPruned: (n: number) => pruned.inc(n),
    contentType: registry.contentType,
    /** The Prometheus text exposition of everything above. */
    render: () => registry.metrics(),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
