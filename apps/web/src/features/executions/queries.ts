'use client';

/** The React Query calls the executions pages share (one cache key per resource). */
import { useQuery } from '@tanstack/react-query';
import type { NodeTypeInfo, Page, Workflow } from '@weft/contracts';
import { apiFetch } from '@/lib/api-client';
import type { VersionView } from '@/features/editor/api';

export type WorkflowInfo = Pick<Workflow, 'id' | 'name'>;

/** The graph as it was in that version. */
export type WorkflowVersionInfo = Pick<VersionView, 'version' | 'definition'>;

const workflowQuery = (id: string) => ({
  queryKey: ['workflow', id] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    apiFetch<WorkflowInfo>(`/api/workflows/${encodeURIComponent(id)}`, { signal }),
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
      apiFetch<WorkflowVersionInfo>(`/api/workflows/${encodeURIComponent(workflowId!)}/versions/${version}`, {
        signal,
      }),
    enabled: workflowId !== undefined && version !== undefined,
    staleTime: Infinity,
  });
}

export function useNodeTypes() {
  return useQuery({
    queryKey: ['node-types'],
    queryFn: ({ signal }) => apiFetch<Page<NodeTypeInfo>>('/api/node-types', { signal }).then((r) => r.items),
    staleTime: Infinity,
  });
}
