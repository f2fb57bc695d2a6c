'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type ReactNode, type Ref } from 'react';
import { EmptyPanel, LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { ArmRefusedNote, TriggerPage } from '@/features/triggers/TriggerPage';
import { schedulesKey, useCreateSchedule, useSchedules } from './api';
import { ScheduleCard } from './ScheduleCard';
import { ScheduleForm } from './ScheduleForm';
import './schedules.css';

/** `/workflows/:id/schedules`: the workflow's schedules, their settings and fires. */
export function SchedulesPage({ workflowId }: { workflowId: string }) {
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);
  const closeCreate = () => {
    setCreating(false);
    newButton.current?.focus();
  };
  const newSchedule = (canArm: boolean, ref?: Ref<HTMLButtonElement>) =>
    canArm ? (
      <button ref={ref} type="button" className="button button-primary" onClick={() => setCreating(true)}>
        New schedule
      </button>
    ) : null;
  return (
    <TriggerPage
      workflowId={workflowId}
      kind="schedules"
      title="Schedules"
      lead="Each schedule starts a run of the active version at the times its cron names, in its time zone."
      inactiveText="Schedules only run the active version, so none of them fires until you activate one."
      activeText="Scheduled runs use version"
      // Activation changes every card's `firing` / `notFiringReason`.
      onActivated={() => qc.invalidateQueries({ queryKey: schedulesKey(workflowId) })}
      action={(canArm) => newSchedule(canArm, newButton)}
    >
      {(workflow, canArm) => (
        <>
          {workflow && !canArm ? (
            <ArmRefusedNote what="Adding or enabling a schedule" testId="schedule-create-refused" />
          ) : null}
          {creating ? <NewSchedule workflowId={workflowId} onClose={closeCreate} /> : null}
          <ScheduleList
            workflowId={workflowId}
            canArm={canArm}
            empty={
              creating ? null : (
                <EmptyPanel title="No schedules yet" action={newSchedule(canArm)}>
                  Create one to run this workflow at set times: every weekday at 09:00, every 15 minutes, the first of
                  each month.
                </EmptyPanel>
              )
            }
            onDeleted={() => newButton.current?.focus()}
          />
        </>
      )}
    </TriggerPage>
  );
}

function NewSchedule({ workflowId, onClose }: { workflowId: string; onClose(): void }) {
  const titleId = useId();
  const create = useCreateSchedule(workflowId);
  return (
    <section className="ui-card trigger-new" aria-labelledby={titleId} data-testid="schedule-new">
      <h2 id={titleId} className="ui-card-title">
        New schedule
      </h2>
      <ScheduleForm
        label="New schedule"
        autoFocus
        onCancel={onClose}
        onSave={async (settings) => {
          const created = await create.mutateAsync(settings);
          onClose();
          return created;
        }}
      />
    </section>
  );
}

interface ScheduleListProps {
  workflowId: string;
  canArm: boolean;
  empty: ReactNode;
  onDeleted(): void;
}

function ScheduleList({ workflowId, canArm, empty, onDeleted }: ScheduleListProps) {
  const schedules = useSchedules(workflowId);
  if (schedules.isPending) return <LoadingPanel>Loading schedules…</LoadingPanel>;
  if (schedules.isError && !schedules.data)
    return (
      <LoadErrorPanel
        title="Could not load the schedules"
        message={schedules.error.message}
        onRetry={() => void schedules.refetch()}
      />
    );
  if (schedules.data.length === 0) return empty;
  return (
    <div className="ui-card-list">
      {schedules.data.map((s) => (
        <ScheduleCard key={s.id} workflowId={workflowId} schedule={s} canArm={canArm} onDeleted={onDeleted} />
      ))}
    </div>
  );
}
