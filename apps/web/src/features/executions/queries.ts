'use client';

/** The React Query calls the executions pages share (one cache key per resource). */
import { useQuery } from '@tanstack/react-query';
import type { Workflow } from '@weft/contracts';
import { api } from '@/lib/api-client';
import type { VersionView } from '@/features/editor/api';

export type WorkflowInfo = Pick<Workflow, 'id' | 'name'>;

/** The graph as it was in that version. */
export type WorkflowVersionInfo = Pick<VersionView, 'version' | 'definition'>;

const workflowQuery = (id: string) => ({
  queryKey: ['workflow', id] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) => api.call('getWorkflowsById', { params: { id }, signal }),
  // Names rarely change while a list is open.
  staleTime: 60_000,
});

export function useWorkflow(id: string) {
  return useQuery(workflowQuery(id));
}

/** A saved version never changes, so it is cached for good. */
export function useWorkflowVersion(workflowId: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: ['workflow-version', workflowId, version],
    queryFn: ({ signal }) =>
      // The server stored the definition after the engine validated it (see VersionView).
      api.call('getWorkflowsByIdVersionsByVersion', {
        params: { id: workflowId!, version: version! },
        signal,
      }) as Promise<WorkflowVersionInfo>,
    enabled: workflowId !== undefined && version !== undefined,
    staleTime: Infinity,
  });
}

export function useNodeTypes() {
  return useQuery({
    queryKey: ['node-types'],
    queryFn: ({ signal }) => api.call('getNodeTypes', { signal }).then((r) => r.items),
    staleTime: Infinity,
  });
}
