'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiFetch } from '@/lib/api-client';
import { applyExecutionEvent, parseEventData, type ExecutionEvent } from './live-state';
import { isLive, type ExecutionDetail } from './types';

const POLL_MS = 1_000;
// While the stream is up it carries every change; a slow poll only guards against a
// stream that silently stalls (a proxy buffering it, say).
const SAFETY_POLL_MS = 10_000;

/**
 * One execution with its steps, kept live while it is queued/running: Server-Sent Events
 * from /api/executions/:id/events, or polling every second when the stream errors or
 * EventSource is unavailable. Stops on a terminal status.
 */
export function useLiveExecution(id: string) {
  const queryClient = useQueryClient();
  const [transport, setTransport] = useState<'sse' | 'polling'>('sse');
  const queryKey = ['execution', id] as const;

  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => apiFetch<ExecutionDetail>(`/api/executions/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (q) => (q.state.data && isLive(q.state.data.status) ? (transport === 'polling' ? POLL_MS : SAFETY_POLL_MS) : false),
  });

  const live = query.data ? isLive(query.data.status) : false;

  useEffect(() => {
    if (!live || transport !== 'sse') return;
    if (typeof EventSource === 'undefined') {
      setTransport('polling');
      return;
    }
    const key = ['execution', id];
    const source = new EventSource(`/api/executions/${encodeURIComponent(id)}/events`);
    const listen = (type: ExecutionEvent['type']) =>
      source.addEventListener(type, (message) => {
        const data = parseEventData<ExecutionEvent['data']>((message as MessageEvent<string>).data);
        if (data === undefined) return;
        queryClient.setQueryData<ExecutionDetail>(key, (current) => applyExecutionEvent(current, { type, data } as ExecutionEvent));
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
      setTransport('polling');
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
