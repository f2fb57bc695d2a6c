'use client';

import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { deleteWorkflow, fetchWorkflowPage, workflowKeys } from './api';
import type { WorkflowFilters } from './list-filters';
import type { Page, WorkflowListItem } from './types';

type Pages = InfiniteData<Page<WorkflowListItem>, string | null>;

function inFlight(data: Pages | undefined): boolean {
  return !!data?.pages.some((p) =>
    p.items.some((w) => w.lastExecution?.status === 'queued' || w.lastExecution?.status === 'running'),
  );
}

/** The workflows list, page by page ("Load more"), searched and filtered by the server. */
export function useWorkflowList(filters: Pick<WorkflowFilters, 'q' | 'active'>) {
  return useInfiniteQuery({
    queryKey: workflowKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchWorkflowPage(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Keep the last-execution badges current while a run is in flight.
    refetchInterval: (query) => (inFlight(query.state.data) ? 2_000 : 30_000),
    // Typing in the search box keeps the old rows up until the new ones arrive.
    placeholderData: (previous) => previous,
  });
}

/** DELETE, then drop the row from every cached page at once (no refetch flash). */
export function useDeleteWorkflow(onDeleted: (workflow: Pick<WorkflowListItem, 'id' | 'name'>) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (workflow: Pick<WorkflowListItem, 'id' | 'name'>) => deleteWorkflow(workflow.id),
    onSuccess: (_data, workflow) => {
      queryClient.setQueriesData<Pages>({ queryKey: workflowKeys.all }, (data) =>
        data
          ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.filter((w) => w.id !== workflow.id) })) }
          : data,
      );
      queryClient.removeQueries({ queryKey: ['executions', { workflowId: workflow.id }] });
      void queryClient.invalidateQueries({ queryKey: workflowKeys.all, refetchType: 'none' });
      onDeleted(workflow);
    },
  });
}
