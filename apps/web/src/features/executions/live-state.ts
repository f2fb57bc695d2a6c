/** Applies an execution's Server-Sent Events to the cached execution (pure, so it is unit-tested). */
import { upsertSteps } from './steps';
import { ExecutionChangeEvent, ExecutionDetail, Step } from '@weft/contracts';
import { isLive, type ExecutionStatus } from './types';

/** Polling while the stream is down (or EventSource is missing). */
export const POLL_MS = 1_000;
// While the stream is up it carries every change; a slow poll only guards against a
// stream that silently stalls (a proxy buffering it, say).
export const SAFETY_POLL_MS = 10_000;
/** Without a stream, every page is read again at most this often while the run goes on. */
export const FULL_READ_MIN_MS = 5_000;

/** The cache key of one execution with its steps (viewer and editor live mode share it). */
export const executionKey = (id: string) => ['execution', id] as const;

/**
 * How often to read the execution's head (`?limit=1`: its fields, `seq` and one step) while it
 * is live: every second without a stream, every 10 s beside one; not at all once it is final
 * (or not loaded yet). Every page is read again only when the head says so (afterHeadRead).
 */
export function liveRefetchInterval(status: ExecutionStatus | undefined, transport: 'sse' | 'polling'): number | false {
  if (status === undefined || !isLive(status)) return false;
  return transport === 'polling' ? POLL_MS : SAFETY_POLL_MS;
}

export interface HeadRead {
  transport: 'sse' | 'polling';
  /** The head's latest change and status. */
  headSeq: number;
  headStatus: ExecutionStatus;
  /** The latest change the cached execution has. */
  cachedSeq: number;
  /** The previous head read found a change missing too. */
  wasBehind: boolean;
  /** When every page was last read (ms). */
  lastFullReadAt: number;
  now: number;
}

/**
 * After a head read: is the cache missing a change, and should every page be read again? Beside
 * a stream, only when a change is still missing at the next check (the stream stalled: a live
 * one brings each change within moments). Without one, when a change is missing — at once
 * when the run is final, else at most every FULL_READ_MIN_MS, so a 10,000-step run is not
 * read in full every second.
 */
export function afterHeadRead(h: HeadRead): { behind: boolean; refetch: boolean } {
  const behind = h.headSeq > h.cachedSeq;
  if (!behind) return { behind, refetch: false };
  if (h.transport === 'sse') return { behind, refetch: h.wasBehind };
  return { behind, refetch: !isLive(h.headStatus) || h.now - h.lastFullReadAt >= FULL_READ_MIN_MS };
}

export type ExecutionEvent =
  | { type: 'snapshot'; data: ExecutionDetail }
  | { type: 'step'; data: Step }
  | { type: 'execution'; data: ExecutionChangeEvent };

export function applyExecutionEvent(
  current: ExecutionDetail | undefined,
  event: ExecutionEvent,
): ExecutionDetail | undefined {
  return applyExecutionEvents(current, [event]);
}

/**
 * Applies a batch of events at once (a change can bring a hundred steps: one sort, not a
 * hundred). A snapshot carries only the first page of steps: the ones already read (every
 * page of the detail) are kept. An `execution` event is the summary: the trigger data and
 * output already read are kept (the final read after `end` brings the output).
 */
export function applyExecutionEvents(
  current: ExecutionDetail | undefined,
  events: readonly ExecutionEvent[],
): ExecutionDetail | undefined {
  let state = current;
  let steps: Step[] = [];
  const flushSteps = () => {
    if (state && steps.length > 0) state = { ...state, steps: upsertSteps(state.steps, steps) };
    steps = [];
  };
  for (const event of events) {
    switch (event.type) {
      case 'snapshot':
        flushSteps();
        state = {
          ...event.data,
          steps: upsertSteps(state?.steps ?? [], event.data.steps ?? []),
          stepsNextCursor: null,
        };
        break;
      case 'step':
        // A step before the snapshot has nowhere to go; the snapshot will include it.
        if (state) steps.push(event.data);
        break;
      case 'execution':
        flushSteps();
        if (state) state = { ...state, ...event.data, steps: state.steps };
        break;
    }
  }
  flushSteps();
  return state;
}

/**
 * What the cache keeps when a read of the detail arrives: a read that saw an older change than
 * the stream already applied (it started before the last event) would roll the view back.
 */
export function newerExecution(old: ExecutionDetail | undefined, next: ExecutionDetail): ExecutionDetail {
  return old !== undefined && old.id === next.id && old.seq > next.seq ? old : next;
}

/** Parses one SSE message's data; a malformed message is dropped, not fatal. */
export function parseEventData<T>(raw: string): T | undefined {
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

const EVENT_DATA = { snapshot: ExecutionDetail, step: Step, execution: ExecutionChangeEvent } as const;

/**
 * One SSE message as the contract says its type carries it (`snapshot`: the detail with its
 * first page of steps, `step`, `execution`: the summary with the nodes running now). A
 * malformed message is dropped, not fatal: the safety poll reads the execution again anyway.
 */
export function parseExecutionEvent(type: ExecutionEvent['type'], raw: string): ExecutionEvent | undefined {
  const parsed = EVENT_DATA[type].safeParse(parseEventData<unknown>(raw));
  return parsed.success ? ({ type, data: parsed.data } as ExecutionEvent) : undefined;
}
