'use client';

import Link from 'next/link';
import { StatusBadge } from '@/ui/StatusBadge';
import { formatDateTime, formatDuration, formatRelative } from '@/ui/format';
import { formatOffset } from './timeline';
import type { ExecutionDetail } from './types';

/** Who/what/when of one execution, and its error with a way to the failing node. */
export function ExecutionHeader({
  execution: e,
  workflowName,
  now,
  onSelectNode,
}: {
  execution: ExecutionDetail;
  workflowName: string | undefined;
  now: number;
  onSelectNode: (nodeId: string) => void;
}) {
  return (
    <header className="exec-header">
      <p className="ui-breadcrumb exec-breadcrumb small">
        <Link href="/executions">Executions</Link> / <span className="mono">{e.id}</span>
      </p>
      <div className="exec-title-row">
        <h1 id="execution-title">
          <Link href={`/workflows/${e.workflowId}`} className="exec-workflow-link">
            {workflowName ?? 'Workflow'}
          </Link>
        </h1>
        <span className="tag" title="The workflow version this execution ran">
          v{e.version}
        </span>
        <StatusBadge status={e.status} />
        {/* TODO(executions): Cancel (queued/running) and Retry (failed) buttons, once
            POST /api/executions/:id/cancel and /retry exist on the backend. */}
      </div>
      <ExecutionMeta execution={e} now={now} />
      <ExecutionError execution={e} onSelectNode={onSelectNode} />
    </header>
  );
}

/** Trigger, start, duration (ticking while it runs), nodes executed, and the parent run. */
function ExecutionMeta({ execution: e, now }: { execution: ExecutionDetail; now: number }) {
  const started = e.startedAt ?? e.createdAt;
  const runningFor = e.startedAt && e.durationMs === null && !e.finishedAt ? now - Date.parse(e.startedAt) : null;
  return (
    <dl className="exec-meta">
      <div>
        <dt>Trigger</dt>
        <dd>{e.trigger}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>
          <time dateTime={started} title={formatDateTime(started)}>
            {formatRelative(started, now)}
          </time>
        </dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd data-testid="execution-duration">
          {runningFor !== null ? `${formatOffset(Math.max(runningFor, 0))} so far` : formatDuration(e.durationMs)}
        </dd>
      </div>
      <div>
        <dt>Nodes executed</dt>
        <dd>{e.nodesExecuted}</dd>
      </div>
      {e.parentExecutionId ? (
        <div>
          <dt>Parent</dt>
          <dd>
            <Link href={`/executions/${e.parentExecutionId}`}>{e.parentExecutionId.slice(0, 8)}…</Link>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function ExecutionError({
  execution: e,
  onSelectNode,
}: {
  execution: ExecutionDetail;
  onSelectNode: (nodeId: string) => void;
}) {
  if (!e.error) return null;
  const failingNode = e.errorNodeId ?? e.error.nodeId ?? null;
  return (
    <div className="exec-error" role="alert" data-testid="execution-error">
      <code className="exec-error-code">{e.error.code}</code>
      <span className="exec-error-message">{e.error.message}</span>
      {failingNode ? (
        <button type="button" className="link-button" onClick={() => onSelectNode(failingNode)}>
          in node <span className="mono">{failingNode}</span>
        </button>
      ) : null}
    </div>
  );
}
