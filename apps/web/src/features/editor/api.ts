import type { Workflow, WorkflowVersion } from '@weft/contracts';
import type { WorkflowDefinition } from '@weft/engine';
import { api } from '@/lib/api-client';
import { fetchExecutionDetail } from '@/features/executions/fetch-execution';

/**
 * The contract's workflow and version (@weft/contracts workflows.ts), with the definition as
 * the engine's type: the server validated it with the engine before it was stored.
 */
export type WorkflowDetail = Omit<Workflow, 'definition'> & { definition: WorkflowDefinition };
export type VersionView = Omit<WorkflowVersion, 'definition'> & { definition: WorkflowDefinition };

export const editorKeys = {
  workflow: (id: string) => ['workflow', id] as const,
  versions: (id: string) => ['workflow', id, 'versions'] as const,
  nodeTypes: ['node-types'] as const,
};

export const fetchWorkflow = (id: string, signal?: AbortSignal) =>
  api.call('getWorkflowsById', { params: { id }, signal }) as Promise<WorkflowDetail>;

export const fetchNodeTypes = (signal?: AbortSignal) => api.call('getNodeTypes', { signal }).then((r) => r.items);

export const fetchVersions = (id: string, signal?: AbortSignal) =>
  api
    .call('getWorkflowsByIdVersions', { params: { id }, query: { limit: 100 }, signal })
    .then((r) => r.items as VersionView[]);

/** With every page of its steps: previews want each node's latest step, which may be on the last page. */
export const fetchExecution = (id: string, signal?: AbortSignal) => fetchExecutionDetail(id, signal);
