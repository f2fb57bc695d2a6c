'use client';

import Link from 'next/link';
import { Suspense } from 'react';
import { ExecutionList } from './ExecutionList';
import { useWorkflow } from './queries';

/** `/executions` (every visible workflow) and `/workflows/:id/executions` (one). */
export function ExecutionsPage({ workflowId }: { workflowId?: string }) {
  return (
    <section aria-labelledby="executions-title">
      <div className="page-header">
        <div>
          {workflowId ? <WorkflowTitle workflowId={workflowId} /> : <h1 id="executions-title">Executions</h1>}
          <p className="muted">Newest first. Click a run to see its graph, steps and timeline.</p>
        </div>
      </div>
      {/* useSearchParams (the status filter) needs a Suspense boundary in the App Router. */}
      <Suspense fallback={<div className="panel panel-empty">Loading executions…</div>}>
        <ExecutionList workflowId={workflowId} />
      </Suspense>
    </section>
  );
}

function WorkflowTitle({ workflowId }: { workflowId: string }) {
  const workflow = useWorkflow(workflowId);
  return (
    <>
      <p className="ui-breadcrumb exec-breadcrumb small">
        <Link href="/">Workflows</Link> / {workflow.data?.name ?? '…'}
      </p>
      <h1 id="executions-title">Executions{workflow.data ? ` of ${workflow.data.name}` : ''}</h1>
    </>
  );
}
