import type { Json } from './json';
import type { RespondValue } from './nodes/define-node';
import { isTerminal, type ExecutionStatus } from './status';

/**
 * What a sync webhook answers for an execution as it stands (SPEC §5): the first `respond`
 * node's reply as soon as it ran, else — once the run is over — 200 with its output, or the
 * failure. `pending` while neither is known. The web asks this instead of reading the
 * planner's private state.
 */
export type SyncReply =
  | { kind: 'pending' }
  | { kind: 'respond'; response: RespondValue }
  | { kind: 'output'; output: Json | null }
  | {
      kind: 'failed';
      status: ExecutionStatus;
      error: { code?: string; message?: string; nodeId?: string | null } | null;
    };

export function syncReplyOf(e: {
  status: ExecutionStatus;
  response: RespondValue | null;
  output: Json | null;
  error: unknown;
}): SyncReply {
  if (e.response) return { kind: 'respond', response: e.response };
  if (e.status === 'succeeded') return { kind: 'output', output: e.output };
  if (isTerminal(e.status)) return { kind: 'failed', status: e.status, error: (e.error ?? null) as never };
  return { kind: 'pending' };
}
