'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { fetchExecutionDetail } from './fetch-execution';
import { applyExecutionEvent, executionKey, liveRefetchInterval, parseExecutionEvent, type ExecutionEvent } from './live-state';
import { isLive, type ExecutionDetail } from './types';

/**
 * One execution with its steps, kept live while it is queued/running: Server-Sent Events
 * from /api/executions/:id/events, or polling every second when the stream errors or
 * EventSource is unavailable. Stops on a terminal status. The execution viewer and the
 * editor's live mode both follow runs with it; `null` follows nothing.
 */
export function useLiveExecution(id: string | null) {
  const queryClient = useQueryClient();
  // The execution whose stream failed (it alone is polled; the next one tries SSE again).
  const [pollingId, setPollingId] = useState<string | null>(null);
  const transport: 'sse' | 'polling' = id !== null && pollingId === id ? 'polling' : 'sse';

  const query = useQuery({
    queryKey: executionKey(id ?? ''),
    queryFn: ({ signal }) => fetchExecutionDetail(id!, signal),
    enabled: id !== null,
    refetchInterval: (q) => liveRefetchInterval(q.state.data?.status, transport),
  });

  const live = query.data ? isLive(query.data.status) : false;

  useEffect(() => {
    if (id === null || !live || transport !== 'sse') return;
    if (typeof EventSource === 'undefined') {
      setPollingId(id);
      return;
    }
    const key = executionKey(id);
    const source = new EventSource(`/api/executions/${encodeURIComponent(id)}/events`);
    const listen = (type: ExecutionEvent['type']) =>
      source.addEventListener(type, (message) => {
        const event = parseExecutionEvent(type, (message as MessageEvent<string>).data);
        if (event === undefined) return;
        queryClient.setQueryData<ExecutionDetail>(key, (current) => applyExecutionEvent(current, event));
      });
    listen('snapshot');
    listen('step');
    listen('execution');
    source.addEventListener('end', () => {
      source.close();
      // One authoritative read of the final state (output, duration, every step).
      void queryClient.invalidateQueries({ queryKey: key });
    });
    // A missing route (404), a proxy that refuses streams or a dropped connection: poll
    // instead. EventSource would otherwise retry forever on its own schedule.
    source.onerror = () => {
      source.close();
      setPollingId(id);
    };
    return () => source.close();
  }, [id, live, transport, queryClient]);

  return { ...query, transport };
}

/** The current time, ticking while `active` (running bars grow with it). */
export function useNow(active: boolean, intervalMs = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) {
      setNow(Date.now());
      return;
    }
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
