/** Applies an execution's Server-Sent Events to the cached execution (pure, so it is unit-tested). */
import { upsertStep } from './steps';
import { Execution, ExecutionDetail, Step } from '@weft/contracts';
import { isLive, type ExecutionStatus } from './types';

/** Polling while the stream is down (or EventSource is missing). */
export const POLL_MS = 1_000;
// While the stream is up it carries every change; a slow poll only guards against a
// stream that silently stalls (a proxy buffering it, say).
export const SAFETY_POLL_MS = 10_000;

/** The cache key of one execution with its steps (viewer and editor live mode share it). */
export const executionKey = (id: string) => ['execution', id] as const;

/** How often to re-read an execution: not at all once it is final (or not loaded yet). */
export function liveRefetchInterval(status: ExecutionStatus | undefined, transport: 'sse' | 'polling'): number | false {
  if (status === undefined || !isLive(status)) return false;
  return transport === 'polling' ? POLL_MS : SAFETY_POLL_MS;
}

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

const EVENT_DATA = { snapshot: ExecutionDetail, step: Step, execution: Execution } as const;

/**
 * One SSE message as the contract says its type carries it (`snapshot`: the execution with
 * every step, `step`, `execution`: the execution without steps). A malformed message is
 * dropped, not fatal: the safety poll reads the execution again anyway.
 */
export function parseExecutionEvent(type: ExecutionEvent['type'], raw: string): ExecutionEvent | undefined {
  const parsed = EVENT_DATA[type].safeParse(parseEventData<unknown>(raw));
  return parsed.success ? ({ type, data: parsed.data } as ExecutionEvent) : undefined;
}
