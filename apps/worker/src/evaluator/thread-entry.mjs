// The file an evaluator thread starts from. Node 20 does not apply the process's
// `--import tsx` to worker threads (verified: the thread fails with "Unknown file extension
// .ts"), and vitest's transform never reaches them, so the thread registers tsx itself before
// loading the TypeScript handler and the engine's TypeScript sources.
import { register } from 'tsx/esm/api';

register();
const { default: evaluateTask } = await import('./evaluate-in-thread.ts');

export default evaluateTask;
