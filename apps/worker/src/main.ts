import { configWarnings, loadConfigOrExit } from '@weft/config';
import { composeWorker } from './composition';
import { startExecutionWorker } from './execution-worker';
import { startReconciler } from './reconciler';
import { startScheduler } from './scheduler';

/** Worker process: drives executions until SIGTERM/SIGINT, then finishes the drives in flight and exits. */
const config = loadConfigOrExit();
const services = composeWorker(config);
for (const w of configWarnings(config)) services.logger.warn({}, w);
const worker = await startExecutionWorker(services);
const scheduler = await startScheduler(services);
const reconciler = await startReconciler(services, () => scheduler.sweep());
services.logger.info({ concurrency: config.workerConcurrency, pid: process.pid }, 'worker started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  services.logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
  // close() stops taking new jobs and waits for the running ones to finish.
  await Promise.all([worker.close(), scheduler.close()]);
  await reconciler.close();
  await services.close();
  services.logger.info({}, 'worker stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
