import type { ExecutionDetail, NodeTypeInfo, Page, Step, Workflow, WorkflowVersion } from '@weft/contracts';
import type { WorkflowDefinition } from '@weft/engine';
import { apiFetch } from '@/lib/api-client';
import { fetchExecutionDetail } from '@/features/executions/fetch-execution';

/**
 * The contract's workflow and version (@weft/contracts workflows.ts), with the definition as
 * the engine's type: the server validated it with the engine before it was stored.
 */
export type WorkflowDetail = Omit<Workflow, 'definition'> & { definition: WorkflowDefinition };
export type VersionView = Omit<WorkflowVersion, 'definition'> & { definition: WorkflowDefinition };

export type StepView = Step;
export type ExecutionView = ExecutionDetail;

export const editorKeys = {
  workflow: (id: string) => ['workflow', id] as const,
  versions: (id: string) => ['workflow', id, 'versions'] as const,
  nodeTypes: ['node-types'] as const,
};

export const fetchWorkflow = (id: string, signal?: AbortSignal) =>
  apiFetch<WorkflowDetail>(`/api/workflows/${encodeURIComponent(id)}`, { signal });

export const fetchNodeTypes = (signal?: AbortSignal) =>
  apiFetch<Page<NodeTypeInfo>>('/api/node-types', { signal }).then((r) => r.items);

export const fetchVersions = (id: string, signal?: AbortSignal) =>
  apiFetch<Page<VersionView>>(`/api/workflows/${encodeURIComponent(id)}/versions?limit=100`, { signal }).then(
    (r) => r.items,
  );

/** With every page of its steps: previews want each node's latest step, which may be on the last page. */
export const fetchExecution = (id: string, signal?: AbortSignal) => fetchExecutionDetail<ExecutionView>(id, signal);
