'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { MutationButton } from '@/ui/MutationButton';
import { PageHeader } from '@/ui/PageHeader';
import { armRefused, mayArm } from './arming';
import { useActivateLatest, useWorkflowHeader, type WorkflowHeader } from './api';
import './triggers.css';

interface TriggerPageProps {
  workflowId: string;
  /** "webhooks" / "schedules": the heading's id and the notes' test ids are named after it. */
  kind: 'webhooks' | 'schedules';
  /** "Webhooks" / "Schedules" (the heading adds "of <workflow>"). */
  title: string;
  lead: ReactNode;
  /** What the inactive warning says, and the active note before the version ("Deliveries run version"). */
  inactiveText: string;
  activeText: string;
  /** Called after "Activate latest" succeeds, to refresh what activation changes on the page. */
  onActivated?: () => Promise<unknown>;
  /** The header's button ("New schedule"), given whether the user may arm a trigger. */
  action?: (canArm: boolean) => ReactNode;
  children: (workflow: WorkflowHeader | undefined, canArm: boolean) => ReactNode;
}

/**
 * The page both trigger kinds share: breadcrumb and title, the active version (or a warning that
 * there is none, with "Activate latest"), then the page's own cards.
 */
export function TriggerPage({ workflowId, kind, title, lead, action, children, ...notes }: TriggerPageProps) {
  const workflow = useWorkflowHeader(workflowId);
  const name = workflow.data?.name;
  // A trigger starts runs by itself: creating or enabling one, or activating, needs edit and execute.
  const canArm = mayArm(workflow.data);
  return (
    <section aria-labelledby={`${kind}-title`} className="ui-page">
      <PageHeader
        titleId={`${kind}-title`}
        breadcrumb={
          <>
            <Link href="/">Workflows</Link> / <Link href={`/workflows/${workflowId}`}>{name ?? '…'}</Link>
          </>
        }
        title={`${title}${name ? ` of ${name}` : ''}`}
        lead={lead}
        action={action?.(canArm)}
      />
      {workflow.data ? (
        <ActiveVersion workflowId={workflowId} workflow={workflow.data} kind={kind} canArm={canArm} {...notes} />
      ) : null}
      {children(workflow.data, canArm)}
    </section>
  );
}

interface ActiveVersionProps extends Pick<TriggerPageProps, 'kind' | 'inactiveText' | 'activeText' | 'onActivated'> {
  workflowId: string;
  workflow: WorkflowHeader;
  canArm: boolean;
}

/** "active v3 — Deliveries run version 3", or the warning that nothing runs until a version is active. */
function ActiveVersion({
  workflowId,
  workflow,
  kind,
  canArm,
  inactiveText,
  activeText,
  onActivated,
}: ActiveVersionProps) {
  const activate = useActivateLatest(workflowId, onActivated);
  if (workflow.activeVersion !== null) {
    return (
      <p className="ui-active-note small" data-testid={`${kind}-active`}>
        <span className="tag tag-active">active v{workflow.activeVersion}</span> {activeText} {workflow.activeVersion}.
      </p>
    );
  }
  return (
    <div className="ui-warning" role="alert" data-testid={`${kind}-inactive`}>
      <div>
        <p className="ui-warning-title">This workflow has no active version</p>
        <p className="small">{inactiveText}</p>
        {activate.isError ? <p className="field-error">{activate.error.message}</p> : null}
        {canArm ? null : (
          <p className="small muted" data-testid="activate-refused">
            {armRefused('Activating')}
          </p>
        )}
      </div>
      {canArm ? (
        <MutationButton
          mutation={activate}
          label="Activate latest"
          busyText="Activating…"
          className="button button-primary button-small"
        />
      ) : null}
    </div>
  );
}

/** Why the page offers no way to add one (the user may not arm a trigger). */
export function ArmRefusedNote({ what, testId }: { what: string; testId: string }) {
  return (
    <p className="ui-active-note small muted" data-testid={testId}>
      {armRefused(what)}
    </p>
  );
}
