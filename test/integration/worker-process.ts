// `npm start`'s worker (apps/worker/src/main.ts) as a process of its own, for the integration
// tests that kill, stop or restart one: the test's environment (env.ts) plus what the test sets.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Starts a worker process with LOG_LEVEL=warn and NODE_ENV=test unless `env` says otherwise. */
export function spawnWorkerProcess(
  env: Record<string, string>,
  stdio: StdioOptions = ['ignore', 'inherit', 'inherit'],
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'test', ...env },
    stdio,
  });
}

/** Sends `signal` and waits for the exit; a worker that does not stop within 15 s is killed. */
export async function stopWorkerProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
}
