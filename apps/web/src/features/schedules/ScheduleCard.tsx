'use client';

import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { formatDateTime, formatRelative } from '@/ui/format';
import { ConfirmDelete } from '@/features/triggers/ConfirmDialog';
import { TriggerCard } from '@/features/triggers/TriggerCard';
import { useDeleteSchedule, useUpdateSchedule } from './api';
import { describeCron, formatInZone, hasSeconds } from './cron-preview';
import { RecentFires } from './RecentFires';
import { changedSettings, type ScheduleFormSettings } from './schedule-form';
import { ScheduleForm } from './ScheduleForm';
import { ScheduleSummary } from './ScheduleSummary';
import type { Schedule } from './types';
import { useNow } from './use-now';

interface ScheduleCardProps {
  workflowId: string;
  schedule: Schedule;
  /** The caller may enable it (edit and execute: it starts runs); turning it off needs only `schedule.canEdit`. */
  canArm: boolean;
  /** Where focus goes after this card is deleted. */
  onDeleted(): void;
}

export function ScheduleCard({ workflowId, schedule: s, canArm, onDeleted }: ScheduleCardProps) {
  const uid = useId();
  const update = useUpdateSchedule(workflowId);
  const seconds = hasSeconds(s.cron);
  // Re-render now and then so "in 3 minutes" / "2 minutes ago" keep up between polls.
  useNow(seconds ? 1_000 : 30_000);
  return (
    <TriggerCard
      titleId={`${uid}-title`}
      title={describeCron(s.cron) ?? s.cron}
      subtitle={
        <>
          <code className="mono sc-cron" data-testid="schedule-cron">
            {s.cron}
          </code>{' '}
          · {s.timezone}
        </>
      }
      noun="schedule"
      enabled={s.enabled}
      canEdit={s.canEdit}
      canArm={canArm}
      togglePending={update.isPending}
      onToggle={(onError) =>
        update.mutate({ id: s.id, patch: { enabled: !s.enabled } }, { onError: (e) => onError(e.message) })
      }
      data={{ 'data-schedule-id': s.id, 'data-firing': s.firing }}
      footerNote={
        <>
          Created {formatRelative(s.createdAt)}
          {s.updatedAt !== s.createdAt ? <> · changed {formatRelative(s.updatedAt)}</> : null}
        </>
      }
      actions={s.canEdit ? <DeleteScheduleButton workflowId={workflowId} schedule={s} onDeleted={onDeleted} /> : null}
    >
      <NotFiring schedule={s} />
      <ScheduleStats schedule={s} />
      <div className="ui-card-columns">
        <ScheduleSettings
          schedule={s}
          uid={uid}
          save={(settings) => update.mutateAsync({ id: s.id, patch: changedSettings(settings, s) })}
        />
        <RecentFires scheduleId={s.id} timezone={s.timezone} seconds={seconds} headingId={`${uid}-fires`} />
      </div>
    </TriggerCard>
  );
}

/** Why an enabled schedule starts no runs (a warning), or that a disabled one doesn't (a note). */
function NotFiring({ schedule: s }: { schedule: Schedule }) {
  if (s.firing) return null;
  if (s.enabled)
    return (
      <div className="ui-warning" role="status" data-testid="schedule-not-firing">
        <div>
          <p className="ui-warning-title">Not firing: {s.notFiringReason ?? 'unknown reason'}</p>
          <p className="small">It is enabled, but no runs start until this is fixed.</p>
        </div>
      </div>
    );
  return (
    <p className="sc-note small" role="status" data-testid="schedule-not-firing">
      <strong>Disabled</strong> — {s.notFiringCode && s.notFiringCode !== 'disabled' ? `${s.notFiringReason}; ` : ''}no
      runs start until you enable it.
    </p>
  );
}

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="sc-stat" data-testid={testId}>
      <dt className="muted small">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Next run, last run, counters, and a run held back by the overlap policy. */
function ScheduleStats({ schedule: s }: { schedule: Schedule }) {
  const inZone = (iso: string) => formatInZone(new Date(iso), s.timezone, { seconds: hasSeconds(s.cron) });
  return (
    <dl className="sc-stats">
      <Stat label="Next run" testId="schedule-next-run">
        {s.firing && s.nextRunAt ? (
          <>
            <time dateTime={s.nextRunAt} title={formatDateTime(s.nextRunAt)}>
              {inZone(s.nextRunAt)}
            </time>{' '}
            <span className="muted small">({formatRelative(s.nextRunAt)})</span>
          </>
        ) : (
          <span className="muted">not scheduled</span>
        )}
      </Stat>
      <Stat label="Last run" testId="schedule-last-run">
        {s.lastRunAt ? (
          <time dateTime={s.lastRunAt} title={inZone(s.lastRunAt)}>
            {formatRelative(s.lastRunAt)}
          </time>
        ) : (
          <span className="muted">never</span>
        )}
      </Stat>
      <Stat label="Runs" testId="schedule-run-count">
        {s.runCount}
      </Stat>
      <Stat label="Skipped" testId="schedule-skip-count">
        {s.skipCount}
      </Stat>
      {s.pendingRunAt ? (
        <Stat label="Held back" testId="schedule-pending">
          <span title="Overlap “queue”: it starts when a running run ends">
            due <time dateTime={s.pendingRunAt}>{inZone(s.pendingRunAt)}</time>
          </span>
        </Stat>
      ) : null}
    </dl>
  );
}

/** The settings in words until Edit; then the form. Focus goes back to Edit when the form closes. */
interface ScheduleSettingsProps {
  schedule: Schedule;
  uid: string;
  save(settings: ScheduleFormSettings): Promise<Schedule>;
}

function ScheduleSettings({ schedule: s, uid, save }: ScheduleSettingsProps) {
  const [editing, setEditing] = useState(false);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const refocusEdit = useRef(false);
  useEffect(() => {
    if (!editing && refocusEdit.current) {
      refocusEdit.current = false;
      editButton.current?.focus();
    }
  }, [editing]);
  const stopEditing = () => {
    refocusEdit.current = true;
    setEditing(false);
  };
  return (
    <section aria-labelledby={`${uid}-settings`} className="ui-section">
      <SettingsHead
        uid={uid}
        editing={editing}
        savedNote={savedNote}
        editButton={s.canEdit ? editButton : null}
        onEdit={() => {
          setSavedNote(null);
          setEditing(true);
        }}
      />
      {editing ? (
        <ScheduleForm
          schedule={s}
          label="Schedule settings"
          autoFocus
          onCancel={stopEditing}
          onSave={async (settings) => {
            const saved = await save(settings);
            setSavedNote('Saved');
            stopEditing();
            return saved;
          }}
        />
      ) : (
        <ScheduleSummary schedule={s} id={`${uid}-summary`} />
      )}
    </section>
  );
}

interface SettingsHeadProps {
  uid: string;
  editing: boolean;
  savedNote: string | null;
  /** Where the Edit button goes (null: the user may not edit). */
  editButton: RefObject<HTMLButtonElement | null> | null;
  onEdit(): void;
}

/** "Settings", and while not editing, "Saved" and Edit. */
function SettingsHead({ uid, editing, savedNote, editButton, onEdit }: SettingsHeadProps) {
  return (
    <div className="trigger-section-head">
      <h3 id={`${uid}-settings`} className="ui-section-title">
        Settings
      </h3>
      {editing ? null : (
        <>
          <span className="muted small" aria-live="polite">
            {savedNote}
          </span>
          {editButton ? (
            <button
              ref={editButton}
              type="button"
              className="button button-small"
              onClick={onEdit}
              aria-describedby={`${uid}-title`}
            >
              Edit
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}

interface DeleteScheduleButtonProps {
  workflowId: string;
  schedule: Schedule;
  onDeleted(): void;
}

/** Delete, after asking. */
function DeleteScheduleButton({ workflowId, schedule: s, onDeleted }: DeleteScheduleButtonProps) {
  const remove = useDeleteSchedule(workflowId);
  const [confirming, setConfirming] = useState(false);
  const del = () =>
    remove.mutate(s.id, {
      onSuccess: () => {
        setConfirming(false);
        onDeleted();
      },
    });
  return (
    <>
      <button type="button" className="button button-small button-danger-outline" onClick={() => setConfirming(true)}>
        Delete
      </button>
      {confirming ? (
        <ConfirmDelete thing="schedule" request={remove} onClose={() => setConfirming(false)} onConfirm={del}>
          <code className="mono">{s.cron}</code> ({s.timezone}) stops firing. Past executions are kept. This can’t be
          undone.
        </ConfirmDelete>
      ) : null}
    </>
  );
}
