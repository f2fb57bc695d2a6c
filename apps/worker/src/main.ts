import { configWarnings, loadConfigOrExit } from '@weft/config';
import { composeWorker } from './composition';
import { startExecutionWorker } from './execution-worker';
import { startHeartbeat } from './heartbeat';
import { startOpsServer } from './ops-server';
import { startReconciler } from './reconciler';
import { startRetention } from './retention';
import { startScheduler } from './scheduler';

/** Worker process: drives executions until SIGTERM/SIGINT, then finishes the drives in flight and exits. */
const config = loadConfigOrExit();
const services = composeWorker(config);
for (const w of configWarnings(config)) services.logger.warn({}, w);

// What has started, closed in this order on shutdown. The signal handlers are installed
// before anything starts: a SIGTERM that arrives while the worker is still starting up
// (a drive may already run) must still finish that drive, not kill the process outright;
// shutdown lets start-up complete first, then closes everything.
type Closable = { close(): Promise<void> };
const started: { drives: Closable[]; reconciler?: Closable; heartbeat?: Closable; ops?: Closable } = { drives: [] };
let startup: Promise<void> = Promise.resolve();
let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  services.logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
  await startup.catch(() => undefined);
  // close() stops taking new jobs and waits for the running ones to finish.
  await Promise.all(started.drives.map((c) => c.close()));
  await started.reconciler?.close();
  // Last: the worker stays listed as live while it finishes its drives, then leaves the list.
  await started.heartbeat?.close();
  await started.ops?.close();
  await services.close();
  services.logger.info({}, 'worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
services.logger.info({}, 'worker starting');

startup = (async () => {
  // The ops server first: a probe that finds nothing listening restarts the pod while it boots.
  const ops = (started.ops = await startOpsServer(services));
  const worker = await startExecutionWorker(services);
  started.drives.push(worker);
  const scheduler = await startScheduler(services);
  started.drives.push(scheduler);
  started.reconciler = await startReconciler(services, () => scheduler.sweep());
  started.drives.push(await startRetention(services, { onRun: (r) => services.metrics.executionsPruned(r.pruned) }));
  started.heartbeat = await startHeartbeat(services, { worker, metricsPort: ops.port });
  services.logger.info({ concurrency: config.workerConcurrency, metricsPort: ops.port }, 'worker started');
})();
// A start-up failure (the metrics port taken, Redis unreachable…) stops the process, naming it.
await startup.catch((err: unknown) => {
  services.logger.fatal({ err: (err as Error).message }, 'worker could not start');
  process.exit(1);
});
