import type { ExecutionStatus } from '@weft/contracts';
import type { NodeTypeInfo, WorkflowDefinition } from '@weft/engine';
import { apiFetch } from '@/lib/api-client';
import type { StepStatus } from '@/features/graph';
import { fetchExecutionDetail } from '@/features/executions/fetch-execution';

export interface WorkflowDetail {
  id: string;
  name: string;
  description: string | null;
  activeVersion: number | null;
  latestVersion: number;
  definition: WorkflowDefinition;
}

export interface VersionView {
  version: number;
  definition: WorkflowDefinition;
  createdAt: string;
  createdBy: string | null;
  message: string | null;
}


export interface StepView {
  id?: string;
  nodeId: string;
  /** '' at top level; the loop iteration (`each[2]`) inside a loop. */
  scope?: string;
  status: StepStatus;
  attempt: number;
  input: unknown;
  output: unknown;
  error: { code?: string; message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface ExecutionView {
  id: string;
  workflowId: string;
  status: ExecutionStatus;
  error: { code: string; message: string; nodeId?: string | null } | null;
  steps?: StepView[];
}

export const editorKeys = {
  workflow: (id: string) => ['workflow', id] as const,
  versions: (id: string) => ['workflow', id, 'versions'] as const,
  nodeTypes: ['node-types'] as const,
};

export const fetchWorkflow = (id: string, signal?: AbortSignal) =>
  apiFetch<WorkflowDetail>(`/api/workflows/${encodeURIComponent(id)}`, { signal });

export const fetchNodeTypes = (signal?: AbortSignal) =>
  apiFetch<{ items: NodeTypeInfo[] }>('/api/node-types', { signal }).then((r) => r.items);

export const fetchVersions = (id: string, signal?: AbortSignal) =>
  apiFetch<{ items: VersionView[] }>(`/api/workflows/${encodeURIComponent(id)}/versions?limit=100`, { signal }).then((r) => r.items);

/** With every page of its steps: previews want each node's latest step, which may be on the last page. */
export const fetchExecution = (id: string, signal?: AbortSignal) =>
  fetchExecutionDetail<ExecutionView & { steps: StepView[] }>(id, signal);
