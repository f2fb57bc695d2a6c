'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { PurgeQueueBody } from '@weft/contracts';

const WORKERS_KEY = ['workers'] as const;
const QUEUE_KEY = ['queue'] as const;
/** Both pages refresh on their own: a worker's state and the counts change without anyone clicking. */
export const REFRESH_MS = 3_000;

export function useWorkers() {
  return useQuery({
    queryKey: WORKERS_KEY,
    queryFn: ({ signal }) => api.call('getWorkers', { signal }),
    refetchInterval: REFRESH_MS,
  });
}

export function useQueues() {
  return useQuery({
    queryKey: QUEUE_KEY,
    queryFn: ({ signal }) => api.call('getQueue', { signal }),
    refetchInterval: REFRESH_MS,
  });
}

/** `POST /api/queue/purge`: the confirmation is the queue's name, typed by the user. */
export function usePurgeWaiting() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (confirm: string) =>
      // Whatever was typed goes to the server, which refuses anything but the queue's name (400 naming `confirm`).
      api.call('postQueuePurge', { body: { state: 'waiting', confirm: confirm as PurgeQueueBody['confirm'] } }),
    onSettled: () => qc.invalidateQueries({ queryKey: QUEUE_KEY }),
  });
}
