'use client';

import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { apiFetch, isUnauthenticated } from '@/lib/api-client';
import { formatDateTime, timeAgo } from './format';
import { RecentExecutions } from './RecentExecutions';
import type { ListResponse, WorkflowSummary } from './types';

/** Home page: every workflow the caller may view, each with its recent runs. */
export function WorkflowsPage() {
  const router = useRouter();
  const workflows = useQuery({
    queryKey: ['workflows'],
    queryFn: ({ signal }) => apiFetch<ListResponse<WorkflowSummary>>('/api/workflows', { signal }),
  });

  // The session can end while the page is open (logout elsewhere, expiry).
  useEffect(() => {
    if (isUnauthenticated(workflows.error)) router.replace('/login');
  }, [workflows.error, router]);

  return (
    <section aria-labelledby="workflows-title">
      <div className="page-header">
        <div>
          <h1 id="workflows-title">Workflows</h1>
          <p className="muted">Each workflow with its ten most recent executions.</p>
        </div>
      </div>
      <WorkflowsBody query={workflows} />
    </section>
  );
}

function WorkflowsBody({ query }: { query: UseQueryResult<ListResponse<WorkflowSummary>> }) {
  if (query.isPending) {
    return (
      <div className="panel panel-empty" role="status">
        Loading workflows…
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className="panel panel-empty" role="alert">
        <p className="panel-title">Couldn’t load workflows</p>
        <p className="muted">{query.error.message}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const items = query.data.items;
  if (items.length === 0) {
    return (
      <div className="panel panel-empty">
        <p className="panel-title">No workflows yet</p>
        <p className="muted">Create one, or import a definition with POST /api/workflows/import.</p>
      </div>
    );
  }
  return (
    <div className="panel">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Version</th>
            <th scope="col">Updated</th>
            <th scope="col">Recent executions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((workflow) => (
            <tr key={workflow.id} data-testid="workflow-row">
              <td>
                <div className="cell-title">{workflow.name}</div>
                {workflow.description ? <div className="muted small clamp">{workflow.description}</div> : null}
              </td>
              <td className="nowrap">
                <span>v{workflow.latestVersion}</span>{' '}
                {workflow.activeVersion !== null ? (
                  <span className="tag tag-active">active v{workflow.activeVersion}</span>
                ) : (
                  <span className="tag">inactive</span>
                )}
              </td>
              <td className="nowrap" title={formatDateTime(workflow.updatedAt)}>
                {timeAgo(workflow.updatedAt)}
              </td>
              <td>
                <RecentExecutions workflowId={workflow.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
