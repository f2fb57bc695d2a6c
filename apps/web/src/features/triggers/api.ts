'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Workflow } from '@weft/contracts';
import { api } from '@/lib/api-client';

/** The workflow as both trigger pages read it; `can` says which controls to offer (docs/access.md). */
export type WorkflowHeader = Pick<Workflow, 'id' | 'name' | 'activeVersion' | 'latestVersion' | 'can'>;

const headerKey = (workflowId: string) => ['workflow', workflowId, 'trigger-header'] as const;

/** The workflow's name, active version and permissions (one cache entry for both trigger pages). */
export function useWorkflowHeader(workflowId: string) {
  return useQuery({
    queryKey: headerKey(workflowId),
    queryFn: ({ signal }) => api.call('getWorkflowsById', { params: { id: workflowId }, signal }),
  });
}

/** "Activate latest"; `onActivated` refreshes what activation changes on the page (a schedule's `firing`). */
export function useActivateLatest(workflowId: string, onActivated?: () => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.call('postWorkflowsByIdActivate', { params: { id: workflowId }, body: {} }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['workflow', workflowId] }), onActivated?.()]),
  });
}
