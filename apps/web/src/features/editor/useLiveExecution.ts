'use client';

import { useEffect, useMemo, useState } from 'react';
import type { StepStatus } from '../graph/types';
import { fetchExecution, TERMINAL, type ExecutionView, type StepView } from './api';

export const POLL_INTERVAL_MS = 500;

export interface LiveExecution {
  execution: ExecutionView | null;
  steps: StepView[];
}

function upsertStep(steps: StepView[], step: StepView): StepView[] {
  const i = step.id ? steps.findIndex((s) => s.id === step.id) : -1;
  if (i === -1) return [...steps, step];
  const next = steps.slice();
  next[i] = step;
  return next;
}

/**
 * Follows one execution: Server-Sent Events from /api/executions/:id/events, falling back
 * to polling GET /api/executions/:id every 500 ms until it ends when the stream fails.
 */
export function useLiveExecution(executionId: string | null): LiveExecution {
  const [live, setLive] = useState<LiveExecution>({ execution: null, steps: [] });

  useEffect(() => {
    setLive({ execution: null, steps: [] });
    if (!executionId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const abort = new AbortController();

    const poll = async () => {
      if (stopped) return;
      try {
        const ex = await fetchExecution(executionId, abort.signal);
        if (stopped) return;
        setLive({ execution: ex, steps: ex.steps ?? [] });
        if (TERMINAL.has(ex.status)) return;
      } catch {
        // A transient failure: keep polling.
      }
      timer = setTimeout(() => void poll(), POLL_INTERVAL_MS);
    };

    const source = new EventSource(`/api/executions/${encodeURIComponent(executionId)}/events`);
    const parse = (e: Event) => JSON.parse((e as MessageEvent<string>).data) as unknown;
    source.addEventListener('snapshot', (e) => {
      const ex = parse(e) as ExecutionView;
      setLive({ execution: ex, steps: ex.steps ?? [] });
    });
    source.addEventListener('step', (e) => {
      const step = parse(e) as StepView;
      setLive((l) => ({ ...l, steps: upsertStep(l.steps, step) }));
    });
    source.addEventListener('execution', (e) => {
      const ex = parse(e) as ExecutionView;
      setLive((l) => ({ ...l, execution: { ...ex, steps: undefined } }));
    });
    source.addEventListener('end', () => {
      source.close();
      // One final read so the canvas ends on the stored truth.
      void poll();
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED || source.readyState === EventSource.CONNECTING) {
        source.close();
        void poll();
      }
    };

    return () => {
      stopped = true;
      abort.abort();
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [executionId]);

  return live;
}

/** The status of each node's latest step (steps arrive in start order). */
export function useStatusByNode(steps: StepView[]): Map<string, StepStatus> {
  return useMemo(() => {
    const map = new Map<string, StepStatus>();
    for (const s of steps) map.set(s.nodeId, s.status);
    return map;
  }, [steps]);
}
