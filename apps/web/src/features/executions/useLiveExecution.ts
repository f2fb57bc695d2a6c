'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { fetchExecutionDetail } from './fetch-execution';
import { api } from '@/lib/api-client';
import {
  afterHeadRead,
  applyExecutionEvents,
  executionKey,
  liveRefetchInterval,
  newerExecution,
  parseExecutionEvent,
  type ExecutionEvent,
} from './live-state';
import { isLive, type ExecutionDetail } from './types';

/** Events are applied together when they arrive within this long (a change brings up to a hundred steps). */
const BATCH_MS = 50;

/**
 * One execution with its steps, kept live while it is queued/running: every page of the
 * detail is read once, then Server-Sent Events from /api/executions/:id/events resume after
 * the change that read saw (`?lastEventId=` its `seq`), so only what changed since arrives —
 * no snapshot, no step twice. A dropped stream reconnects by itself (the browser sends
 * Last-Event-ID); one the server refuses (404, 429) or a missing EventSource falls back to
 * polling. Polling — and the safety check beside a stream — reads only the head (`?limit=1`)
 * and every page again only when a change is missing (afterHeadRead): a long run is not read
 * in full every second. Stops on a terminal status. The execution viewer and the editor's
 * live mode both follow runs with it; `null` follows nothing.
 */
export function useLiveExecution(id: string | null) {
  // The execution whose stream failed (it alone is polled; the next one tries SSE again).
  const [pollingId, setPollingId] = useState<string | null>(null);
  const transport: 'sse' | 'polling' = id !== null && pollingId === id ? 'polling' : 'sse';

  const query = useQuery({
    queryKey: executionKey(id ?? ''),
    queryFn: ({ signal }) => fetchExecutionDetail(id!, signal),
    // A read that started before the last event applied must not roll the view back.
    structuralSharing: (old: unknown, next: unknown) =>
      newerExecution(old as ExecutionDetail | undefined, next as ExecutionDetail),
    enabled: id !== null,
  });

  const live = query.data ? isLive(query.data.status) : false;
  const interval = liveRefetchInterval(query.data?.status, transport);

  useHeadPolling(id, interval, transport);
  useExecutionStream(id, live && transport === 'sse', () => setPollingId(id));

  return { ...query, transport };
}

/**
 * Every `interval` ms, reads the head (`?limit=1`) and refetches every page only when a
 * change is missing (afterHeadRead); `false` stops it.
 */
function useHeadPolling(id: string | null, interval: number | false, transport: 'sse' | 'polling') {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (id === null || interval === false) return;
    const key = executionKey(id);
    let wasBehind = false;
    let reading = false;
    const timer = setInterval(() => {
      if (reading) return;
      reading = true;
      api
        .call('getExecutionsById', { params: { id }, query: { limit: 1 } })
        .then((head) => {
          const cached = queryClient.getQueryData<ExecutionDetail>(key);
          const check = afterHeadRead({
            transport,
            headSeq: head.seq,
            headStatus: head.status,
            cachedSeq: cached?.seq ?? -1,
            wasBehind,
            lastFullReadAt: queryClient.getQueryState(key)?.dataUpdatedAt ?? 0,
            now: Date.now(),
          });
          wasBehind = check.behind;
          if (check.refetch) return queryClient.invalidateQueries({ queryKey: key });
        })
        .catch(() => undefined) // the next tick tries again
        .finally(() => {
          reading = false;
        });
    }, interval);
    return () => clearInterval(timer);
  }, [id, interval, transport, queryClient]);
}

/**
 * While `enabled`, applies the execution's Server-Sent Events to the cached detail (batched
 * by BATCH_MS), resuming after the change the cache holds. `onRefused` when the stream is
 * refused or EventSource is missing (the caller polls instead).
 */
function useExecutionStream(id: string | null, enabled: boolean, onRefused: () => void) {
  const queryClient = useQueryClient();
  const onRefusedRef = useRef(onRefused);
  useEffect(() => {
    onRefusedRef.current = onRefused;
  });
  useEffect(() => {
    if (id === null || !enabled) return;
    if (typeof EventSource === 'undefined') {
      onRefusedRef.current();
      return;
    }
    const key = executionKey(id);
    const seen = queryClient.getQueryData<ExecutionDetail>(key)?.seq;
    const source = new EventSource(
      api.url('getExecutionsByIdEvents', { params: { id }, query: seen !== undefined ? { lastEventId: seen } : {} }),
    );
    // One authoritative read of the final state (the output, the duration).
    const final = () => void queryClient.invalidateQueries({ queryKey: key });
    let pending: ExecutionEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      const next = queryClient.setQueryData<ExecutionDetail>(key, (current) => applyExecutionEvents(current, batch));
      // The final change closes this effect (not live any more) before `end` may arrive.
      if (next && !isLive(next.status)) final();
    };
    const listen = (type: ExecutionEvent['type']) =>
      source.addEventListener(type, (message) => {
        const event = parseExecutionEvent(type, (message as MessageEvent<string>).data);
        if (event === undefined) return;
        pending.push(event);
        timer ??= setTimeout(flush, BATCH_MS);
      });
    listen('snapshot');
    listen('step');
    listen('execution');
    source.addEventListener('end', () => {
      flush();
      source.close();
      final();
    });
    // A dropped connection is retried by the browser (readyState CONNECTING) and resumes after
    // the last event id. A refused one (404, 429, a proxy that won't stream) is CLOSED: poll.
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      onRefusedRef.current();
    };
    return () => {
      flush();
      source.close();
    };
  }, [id, enabled, queryClient]);
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
