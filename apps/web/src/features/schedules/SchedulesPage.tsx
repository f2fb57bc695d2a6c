'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useRef, useState } from 'react';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
// The workflow header (name, active version) and "Activate latest" are the webhooks panel's; both panels share the cache entry.
import { useActivateLatest, useWorkflowHeader } from '@/features/webhooks/api';
import { armRefused, mayArm } from '@/features/webhooks/arming';
import { schedulesKey, useCreateSchedule, useSchedules } from './api';
import { ScheduleCard } from './ScheduleCard';
import { ScheduleForm } from './ScheduleForm';
import './schedules.css';

/** `/workflows/:id/schedules`: the workflow's schedules, their settings and fires. */
export function SchedulesPage({ workflowId }: { workflowId: string }) {
  const uid = useId();
  const qc = useQueryClient();
  const workflow = useWorkflowHeader(workflowId);
  const schedules = useSchedules(workflowId);
  const create = useCreateSchedule(workflowId);
  const activate = useActivateLatest(workflowId);
  const [creating, setCreating] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);

  const closeCreate = () => {
    setCreating(false);
    newButton.current?.focus();
  };
  // Activation changes every card's `firing` / `notFiringReason`.
  const activateLatest = () =>
    activate.mutate(undefined, { onSuccess: () => void qc.invalidateQueries({ queryKey: schedulesKey(workflowId) }) });

  const name = workflow.data?.name;
  // A schedule starts runs by itself: creating or enabling one, or activating, needs edit and execute.
  const canArm = mayArm(workflow.data);
  const createTitleId = `${uid}-new`;
  return (
    <section aria-labelledby="schedules-title" className="ui-page">
      <div className="page-header">
        <div>
          <p className="ui-breadcrumb small">
            <Link href="/">Workflows</Link> / <Link href={`/workflows/${workflowId}`}>{name ?? '…'}</Link>
          </p>
          <h1 id="schedules-title">Schedules{name ? ` of ${name}` : ''}</h1>
          <p className="muted">
            Each schedule starts a run of the active version at the times its cron names, in its time zone.
          </p>
        </div>
        {canArm ? (
          <button ref={newButton} type="button" className="button button-primary" onClick={() => setCreating(true)}>
            New schedule
          </button>
        ) : null}
      </div>
      {workflow.data && !canArm ? (
        <p className="ui-active-note small muted" data-testid="schedule-create-refused">
          {armRefused('Adding or enabling a schedule')}
        </p>
      ) : null}

      {workflow.data && workflow.data.activeVersion === null ? (
        <div className="ui-warning" role="alert" data-testid="schedules-inactive">
          <div>
            <p className="ui-warning-title">This workflow has no active version</p>
            <p className="small">
              Schedules only run the active version, so none of them fires until you activate one.
            </p>
            {activate.isError ? <p className="field-error">{activate.error.message}</p> : null}
            {canArm ? null : <p className="small muted">{armRefused('Activating')}</p>}
          </div>
          {canArm ? (
            <button
              type="button"
              className="button button-primary button-small"
              onClick={activateLatest}
              disabled={activate.isPending}
            >
              {activate.isPending ? 'Activating…' : 'Activate latest'}
            </button>
          ) : null}
        </div>
      ) : workflow.data ? (
        <p className="ui-active-note small" data-testid="schedules-active">
          <span className="tag tag-active">active v{workflow.data.activeVersion}</span> Scheduled runs use version{' '}
          {workflow.data.activeVersion}.
        </p>
      ) : null}

      {creating ? (
        <section className="ui-card sc-new" aria-labelledby={createTitleId} data-testid="schedule-new">
          <h2 id={createTitleId} className="ui-card-title">
            New schedule
          </h2>
          <ScheduleForm
            label="New schedule"
            autoFocus
            onCancel={closeCreate}
            onSave={async (settings) => {
              const created = await create.mutateAsync(settings);
              closeCreate();
              return created;
            }}
          />
        </section>
      ) : null}

      {schedules.isPending ? (
        <LoadingPanel>Loading schedules…</LoadingPanel>
      ) : schedules.isError && !schedules.data ? (
        <LoadErrorPanel
          title="Could not load the schedules"
          message={schedules.error.message}
          onRetry={() => void schedules.refetch()}
        />
      ) : schedules.data.length === 0 ? (
        creating ? null : (
          <div className="panel panel-empty">
            <p className="panel-title">No schedules yet</p>
            <p className="muted">
              Create one to run this workflow at set times: every weekday at 09:00, every 15 minutes, the first of each
              month.
            </p>
            {canArm ? (
              <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
                New schedule
              </button>
            ) : null}
          </div>
        )
      ) : (
        <div className="ui-card-list">
          {schedules.data.map((s) => (
            <ScheduleCard
              key={s.id}
              workflowId={workflowId}
              schedule={s}
              canArm={canArm}
              onDeleted={() => newButton.current?.focus()}
            />
          ))}
        </div>
      )}
    </section>
  );
}
