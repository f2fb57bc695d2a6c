/** The workflows list's calls to /api (see docs/api.md). */
import { api } from '@/lib/api-client';
import { exportFileName } from './file-name';
import { workflowsApiQuery, type WorkflowFilters } from './list-filters';
import type { Page, WorkflowListItem } from './types';

export const PAGE_SIZE = 25;

export const workflowKeys = {
  all: ['workflows'] as const,
  list: (filters: Pick<WorkflowFilters, 'q' | 'active'>) =>
    ['workflows', 'list', { q: filters.q.trim(), active: filters.active }] as const,
};

export function fetchWorkflowPage(
  filters: Pick<WorkflowFilters, 'q' | 'active'>,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<Page<WorkflowListItem>> {
  return api.call('getWorkflows', { query: workflowsApiQuery(filters, PAGE_SIZE, cursor), signal });
}

export function createWorkflow(input: { name: string; description?: string }): Promise<{ id: string }> {
  return api.call('postWorkflows', { body: input });
}

export function importWorkflow(document: Record<string, unknown>): Promise<{ id: string; name: string }> {
  return api.call('postWorkflowsImport', { body: document });
}

export function deleteWorkflow(id: string): Promise<void> {
  return api.call('deleteWorkflowsById', { params: { id } });
}

/**
 * Downloads the latest version's definition as `<name>.weft.json`. Fetched (not a plain
 * link) so a failure shows as a message on the page instead of a broken download.
 */
export async function downloadExport(workflow: Pick<WorkflowListItem, 'id' | 'name'>): Promise<void> {
  const document = await api.call('getWorkflowsByIdExport', { params: { id: workflow.id } });
  const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = window.document.createElement('a');
  a.href = url;
  a.download = exportFileName(workflow.name);
  a.style.display = 'none';
  window.document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
