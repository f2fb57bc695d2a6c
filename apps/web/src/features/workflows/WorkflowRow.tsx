'use client';

import Link from 'next/link';
import { StatusBadge } from '@/ui/StatusBadge';
import { formatDateTime, formatRelative } from '@/ui/format';
import { RecentExecutions } from './RecentExecutions';
import { Menu } from '@/ui/Menu';
import type { WorkflowListItem } from './types';

interface WorkflowRowProps {
  workflow: WorkflowListItem;
  onExport: (workflow: WorkflowListItem) => void;
  onDelete: (workflow: WorkflowListItem) => void;
}

/** One workflow: name and description, versions, last run, recent runs, actions. */
export function WorkflowRow({ workflow, onExport, onDelete }: WorkflowRowProps) {
  const href = `/workflows/${encodeURIComponent(workflow.id)}`;
  const last = workflow.lastExecution;
  return (
    <tr data-testid="workflow-row" data-workflow-id={workflow.id}>
      <td className="wf-cell-name">
        <Link href={href} className="wf-name-link">
          {workflow.name}
        </Link>
        {workflow.description ? (
          <div className="muted small clamp" title={workflow.description}>
            {workflow.description}
          </div>
        ) : null}
      </td>
      <td className="nowrap">
        {workflow.activeVersion !== null ? (
          <span className="wf-pill wf-pill-active" data-testid="active-version">
            <span className="badge-dot" aria-hidden="true" />
            Active v{workflow.activeVersion}
          </span>
        ) : (
          <span className="wf-pill" data-testid="active-version">
            Inactive
          </span>
        )}
      </td>
      <td className="nowrap" title={`Updated ${formatDateTime(workflow.updatedAt)}`}>
        <span className="wf-version">v{workflow.latestVersion}</span>
        <div className="muted small">{formatRelative(workflow.updatedAt)}</div>
      </td>
      <td className="nowrap">
        {last ? (
          <>
            <Link
              href={`/executions/${encodeURIComponent(last.id)}`}
              className="wf-badge-link"
              aria-label={`Last execution: ${last.status.replace('_', ' ')}`}
            >
              <StatusBadge status={last.status} title={formatDateTime(last.createdAt)} />
            </Link>
            <div className="muted small" title={formatDateTime(last.createdAt)}>
              {formatRelative(last.createdAt)}
            </div>
          </>
        ) : (
          <span className="muted small">Never run</span>
        )}
      </td>
      <td>
        <RecentExecutions workflowId={workflow.id} />
      </td>
      <td className="wf-cell-actions">
        <Menu
          label={`Actions for ${workflow.name}`}
          actions={[
            { label: 'Open', href },
            { label: 'Executions', href: `${href}/executions` },
            { label: 'Export', onSelect: () => onExport(workflow) },
            { label: 'Delete…', onSelect: () => onDelete(workflow), danger: true },
          ]}
        />
      </td>
    </tr>
  );
}
