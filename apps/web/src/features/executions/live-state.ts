/** Applies the viewer's Server-Sent Events to the cached execution (pure, so it is unit-tested). */
import { upsertStep } from './steps';
import type { Execution, ExecutionDetail, Step } from './types';

export type ExecutionEvent =
  | { type: 'snapshot'; data: ExecutionDetail }
  | { type: 'step'; data: Step }
  | { type: 'execution'; data: Execution };

export function applyExecutionEvent(current: ExecutionDetail | undefined, event: ExecutionEvent): ExecutionDetail | undefined {
  switch (event.type) {
    case 'snapshot':
      return { ...event.data, steps: event.data.steps ?? [] };
    case 'step':
      // A step before the snapshot has nowhere to go; the snapshot will include it.
      return current ? { ...current, steps: upsertStep(current.steps, event.data) } : current;
    case 'execution':
      // `execution` events carry no steps: keep the ones we have.
      return current ? { ...current, ...event.data, steps: current.steps } : current;
  }
}

/** Parses one SSE message's data; a malformed message is dropped, not fatal. */
export function parseEventData<T>(raw: string): T | undefined {
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
