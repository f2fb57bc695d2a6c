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
// The ops server first: a probe that finds nothing listening restarts the pod while it boots.
const ops = await startOpsServer(services);
const worker = await startExecutionWorker(services);
const scheduler = await startScheduler(services);
const reconciler = await startReconciler(services, () => scheduler.sweep());
const retention = await startRetention(services, { onRun: (r) => services.metrics.executionsPruned(r.pruned) });
const heartbeat = await startHeartbeat(services, { worker, metricsPort: ops.port });
services.logger.info({ concurrency: config.workerConcurrency, metricsPort: ops.port }, 'worker started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  services.logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
  // close() stops taking new jobs and waits for the running ones to finish.
  await Promise.all([worker.close(), scheduler.close(), retention.close()]);
  await reconciler.close();
  // Last: the worker stays listed as live while it finishes its drives, then leaves the list.
  await heartbeat.close();
  await ops.close();
  await services.close();
  services.logger.info({}, 'worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
