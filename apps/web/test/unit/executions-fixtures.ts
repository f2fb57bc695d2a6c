// Steps and an execution as the executions page receives them, for the live-state, steps and
// timeline tests: times are offsets in ms from T0.
import type { ExecutionDetail, Step } from '../../src/features/executions/types';

export const T0 = Date.UTC(2026, 0, 1);
export const at = (ms: number) => new Date(T0 + ms).toISOString();

/** A succeeded step of `nodeId` that started at `startMs` and took 10 ms, unless `over` says otherwise. */
export function step(id: string, nodeId: string, startMs: number, over: Partial<Step> = {}): Step {
  return {
    id,
    nodeId,
    scope: '',
    attempt: 1,
    status: 'succeeded',
    input: null,
    output: null,
    error: null,
    startedAt: at(startMs),
    finishedAt: at(startMs + 10),
    durationMs: 10,
    seq: 1,
    ...over,
  };
}

/** A manual run in progress with its one finished step, `a` on node `start`. */
export const runningDetail: ExecutionDetail = {
  id: 'e',
  workflowId: 'w',
  version: 1,
  status: 'running',
  trigger: 'manual',
  triggerData: {},
  createdAt: at(0),
  startedAt: at(0),
  finishedAt: null,
  durationMs: null,
  nodesExecuted: 1,
  output: null,
  error: null,
  errorNodeId: null,
  parentExecutionId: null,
  webhookId: null,
  scheduleId: null,
  workflowName: 'wf',
  stepsNextCursor: null,
  seq: 1,
  running: [],
  steps: [step('a', 'start', 0)],
};
