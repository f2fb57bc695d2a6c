'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Schedule, ScheduleSettings } from './types';

/** How often the cards (counters, next run) and their fires refresh, so a new run shows without a reload. */
export const SCHEDULES_REFRESH_MS = 3_000;
/** Fires listed per schedule. */
export const FIRES_SHOWN = 10;

export const schedulesKey = (workflowId: string) => ['schedules', workflowId] as const;
const firesKey = (scheduleId: string) => ['schedule-fires', scheduleId] as const;

export function useSchedules(workflowId: string) {
  return useQuery({
    queryKey: schedulesKey(workflowId),
    queryFn: ({ signal }) =>
      api.call('getWorkflowsByIdSchedules', { params: { id: workflowId }, signal }).then((r) => r.items),
    refetchInterval: SCHEDULES_REFRESH_MS,
  });
}

export function useCreateSchedule(workflowId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<ScheduleSettings> & { cron: string }) =>
      api.call('postWorkflowsByIdSchedules', { params: { id: workflowId }, body }),
    onSuccess: (created) => {
      // The list is oldest first.
      qc.setQueryData<Schedule[]>(schedulesKey(workflowId), (old) => [
        ...(old ?? []).filter((s) => s.id !== created.id),
        created,
      ]);
      void qc.invalidateQueries({ queryKey: schedulesKey(workflowId) });
    },
  });
}

/** PATCH; the answer replaces the card's schedule, and its fires are fetched again (a new cron changes what comes next). */
export function useUpdateSchedule(workflowId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<ScheduleSettings> }) =>
      api.call('patchSchedulesById', { params: { id }, body: patch }),
    onSuccess: (updated) => {
      qc.setQueryData<Schedule[]>(schedulesKey(workflowId), (old) =>
        old?.map((s) => (s.id === updated.id ? updated : s)),
      );
      void qc.invalidateQueries({ queryKey: firesKey(updated.id) });
    },
  });
}

export function useDeleteSchedule(workflowId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.call('deleteSchedulesById', { params: { id } }),
    onSuccess: (_void, id) => {
      qc.setQueryData<Schedule[]>(schedulesKey(workflowId), (old) => old?.filter((s) => s.id !== id));
      qc.removeQueries({ queryKey: firesKey(id) });
    },
  });
}

export function useFires(scheduleId: string) {
  return useQuery({
    queryKey: firesKey(scheduleId),
    queryFn: ({ signal }) =>
      api
        .call('getSchedulesByIdFires', { params: { id: scheduleId }, query: { limit: FIRES_SHOWN }, signal })
        .then((r) => r.items),
    refetchInterval: SCHEDULES_REFRESH_MS,
  });
}
