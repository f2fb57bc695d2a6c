import type { ExecutionDetail } from '@weft/contracts';
import { isTerminal } from '@weft/engine';
import type { WeftClient } from './client';
import { EXIT, type ExitCode } from './exit-codes';
import type { Output } from './output';

export interface RunOptions {
  input?: unknown;
  version?: number;
  wait: boolean;
  /** Seconds to wait for the end; 0 waits as long as it takes. */
  timeoutSeconds: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Starts a manual run; unless `--no-wait`, polls the execution until it ends and prints its
 * output (JSON, stdout) or its error (stderr). The exit code is the status's (docs/cli.md).
 */
export async function runAndWait(
  client: WeftClient,
  workflowId: string,
  opts: RunOptions,
  out: Output,
): Promise<ExitCode> {
  const { executionId } = await client.run(workflowId, {
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    ...(opts.version ? { version: opts.version } : {}),
  });
  if (!opts.wait) {
    out.log(executionId);
    return EXIT.ok;
  }
  out.err(`Execution ${executionId} started`);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const deadline = opts.timeoutSeconds > 0 ? now() + opts.timeoutSeconds * 1000 : Infinity;
  let delay = 100;
  for (;;) {
    const e = await client.getExecution(executionId);
    if (isTerminal(e.status)) return report(e, out);
    if (now() + delay > deadline) {
      out.err(
        `Execution ${executionId} is still ${e.status} after ${opts.timeoutSeconds}s; stopped waiting (it goes ` +
          `on: GET /api/executions/${executionId})`,
      );
      return EXIT.stillRunning;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 1000);
  }
}

function report(e: ExecutionDetail, out: Output): ExitCode {
  const took = e.durationMs !== null ? ` in ${e.durationMs} ms` : '';
  if (e.status === 'succeeded') {
    out.err(`Execution ${e.id} succeeded${took}`);
    out.log(JSON.stringify(e.output ?? null, null, 2));
    return EXIT.ok;
  }
  const node = e.error?.nodeId ?? e.errorNodeId;
  const why = e.error ? `${e.error.code ? `${e.error.code}: ` : ''}${e.error.message ?? ''}` : '';
  out.err(
    `Execution ${e.id} ${e.status.replace('_', ' ')}${took}${node ? ` at node ${node}` : ''}${why ? `: ${why}` : ''}`,
  );
  return e.status === 'failed' ? EXIT.failed : EXIT.stopped;
}
