'use client';

import Link from 'next/link';
import { StatusBadge } from '@/ui/StatusBadge';
import { formatDateTime, formatRelative } from '@/ui/format';
import { Menu } from '@/ui/Menu';
import { Cell } from '@/ui/Table';
import { RecentExecutions } from './RecentExecutions';
import type { WorkflowListItem } from './types';

interface WorkflowRowProps {
  workflow: WorkflowListItem;
  onExport: (workflow: WorkflowListItem) => void;
  onDelete: (workflow: WorkflowListItem) => void;
}

/** One workflow: name and description, versions, last run, recent runs, actions. */
export function WorkflowRow({ workflow, onExport, onDelete }: WorkflowRowProps) {
  const href = `/workflows/${encodeURIComponent(workflow.id)}`;
  return (
    <tr data-testid="workflow-row" data-workflow-id={workflow.id}>
      <Cell primary className="wf-cell-name">
        <Link href={href} className="wf-name-link">
          {workflow.name}
        </Link>
        {workflow.description ? (
          <div className="muted small clamp" title={workflow.description}>
            {workflow.description}
          </div>
        ) : null}
      </Cell>
      <Cell label="Status" className="nowrap">
        <ActivePill version={workflow.activeVersion} />
      </Cell>
      <Cell label="Latest" className="nowrap" title={`Updated ${formatDateTime(workflow.updatedAt)}`}>
        <span className="wf-version">v{workflow.latestVersion}</span>
        <div className="muted small">{formatRelative(workflow.updatedAt)}</div>
      </Cell>
      <Cell label="Last execution" className="nowrap">
        <LastExecution last={workflow.lastExecution} />
      </Cell>
      <Cell label="Recent runs">
        <RecentExecutions workflowId={workflow.id} />
      </Cell>
      <Cell actions>
        <Menu
          label={`Actions for ${workflow.name}`}
          actions={[
            { label: 'Open', href },
            { label: 'Executions', href: `${href}/executions` },
            { label: 'Export', onSelect: () => onExport(workflow) },
            { label: 'Delete…', onSelect: () => onDelete(workflow), danger: true },
          ]}
        />
      </Cell>
    </tr>
  );
}

function ActivePill({ version }: { version: number | null }) {
  if (version === null) {
    return (
      <span className="wf-pill" data-testid="active-version">
        Inactive
      </span>
    );
  }
  return (
    <span className="wf-pill wf-pill-active" data-testid="active-version">
      <span className="badge-dot" aria-hidden="true" />
      Active v{version}
    </span>
  );
}

function LastExecution({ last }: { last: WorkflowListItem['lastExecution'] }) {
  if (!last) return <span className="muted small">Never run</span>;
  return (
    <>
      <Link
        href={`/executions/${encodeURIComponent(last.id)}`}
        className="ui-run-link"
        aria-label={`Last execution: ${last.status.replace('_', ' ')}`}
      >
        <StatusBadge status={last.status} title={formatDateTime(last.createdAt)} />
      </Link>
      <div className="muted small" title={formatDateTime(last.createdAt)}>
        {formatRelative(last.createdAt)}
      </div>
    </>
  );
}
