'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Dialog } from '@/ui/Dialog';
import { Switch } from '@/ui/Switch';
import { armRefused } from '@/features/webhooks/arming';
import { formatDateTime, formatRelative } from '@/ui/format';
import { useDeleteSchedule, useUpdateSchedule } from './api';
import { describeCron, formatInZone, hasSeconds } from './cron-preview';
import { RecentFires } from './RecentFires';
import { changedSettings } from './schedule-form';
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

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="sc-stat" data-testid={testId}>
      <dt className="muted small">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ScheduleCard({ workflowId, schedule: s, canArm, onDeleted }: ScheduleCardProps) {
  const uid = useId();
  const update = useUpdateSchedule(workflowId);
  const remove = useDeleteSchedule(workflowId);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [toggleError, setToggleError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
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
  const titleId = `${uid}-title`;
  const seconds = hasSeconds(s.cron);
  const description = describeCron(s.cron);
  const inZone = (iso: string) => formatInZone(new Date(iso), s.timezone, { seconds });
  // Re-render now and then so "in 3 minutes" / "2 minutes ago" keep up between polls.
  useNow(seconds ? 1_000 : 30_000);

  const toggleRefused = !s.canEdit
    ? 'You may view this schedule but not change it'
    : !s.enabled && !canArm
      ? armRefused('Enabling it')
      : null;
  const toggle = () => {
    setToggleError(null);
    update.mutate({ id: s.id, patch: { enabled: !s.enabled } }, { onError: (err) => setToggleError(err.message) });
  };
  const closeDelete = () => {
    remove.reset();
    setConfirmDelete(false);
  };
  const del = () =>
    remove.mutate(s.id, {
      onSuccess: () => {
        setConfirmDelete(false);
        onDeleted();
      },
    });

  return (
    <article
      className={`ui-card${s.enabled ? '' : ' is-disabled'}`}
      aria-labelledby={titleId}
      data-testid="schedule-card"
      data-schedule-id={s.id}
      data-firing={s.firing}
    >
      <header className="ui-card-header">
        <div className="ui-card-heading">
          <h2 id={titleId} className="ui-card-title">
            {description ?? s.cron}
          </h2>
          <p className="muted small">
            <code className="mono sc-cron" data-testid="schedule-cron">
              {s.cron}
            </code>{' '}
            · {s.timezone}
          </p>
        </div>
        <div className="ui-toggle-wrap">
          <Switch
            checked={s.enabled}
            label="Enabled"
            onClick={toggle}
            disabled={update.isPending || toggleRefused !== null}
            title={toggleRefused ?? undefined}
            data-testid="schedule-enabled"
          />
        </div>
      </header>
      {toggleError ? (
        <p className="field-error" role="alert">
          {toggleError}
        </p>
      ) : null}

      {!s.firing ? (
        s.enabled ? (
          <div className="ui-warning" role="status" data-testid="schedule-not-firing">
            <div>
              <p className="ui-warning-title">Not firing: {s.notFiringReason ?? 'unknown reason'}</p>
              <p className="small">It is enabled, but no runs start until this is fixed.</p>
            </div>
          </div>
        ) : (
          <p className="sc-note small" role="status" data-testid="schedule-not-firing">
            <strong>Disabled</strong> —{' '}
            {s.notFiringCode && s.notFiringCode !== 'disabled' ? `${s.notFiringReason}; ` : ''}no runs start until you
            enable it.
          </p>
        )
      ) : null}

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

      <div className="ui-card-columns">
        <section aria-labelledby={`${uid}-settings`} className="ui-section">
          <div className="sc-section-head">
            <h3 id={`${uid}-settings`} className="ui-section-title">
              Settings
            </h3>
            {editing ? null : (
              <>
                <span className="muted small" aria-live="polite">
                  {savedNote}
                </span>
                {s.canEdit ? (
                  <button
                    ref={editButton}
                    type="button"
                    className="button button-small"
                    onClick={() => {
                      setSavedNote(null);
                      setEditing(true);
                    }}
                    aria-describedby={titleId}
                  >
                    Edit
                  </button>
                ) : null}
              </>
            )}
          </div>
          {editing ? (
            <ScheduleForm
              schedule={s}
              label="Schedule settings"
              autoFocus
              onCancel={stopEditing}
              onSave={async (settings) => {
                const saved = await update.mutateAsync({ id: s.id, patch: changedSettings(settings, s) });
                setSavedNote('Saved');
                stopEditing();
                return saved;
              }}
            />
          ) : (
            <ScheduleSummary schedule={s} id={`${uid}-summary`} />
          )}
        </section>
        <RecentFires scheduleId={s.id} timezone={s.timezone} seconds={seconds} headingId={`${uid}-fires`} />
      </div>

      <footer className="ui-card-footer">
        <p className="muted small">
          Created {formatRelative(s.createdAt)}
          {s.updatedAt !== s.createdAt ? <> · changed {formatRelative(s.updatedAt)}</> : null}
        </p>
        <div className="ui-actions">
          {s.canEdit ? (
            <button
              type="button"
              className="button button-small button-danger-outline"
              onClick={() => setConfirmDelete(true)}
            >
              Delete
            </button>
          ) : null}
        </div>
      </footer>

      {confirmDelete ? (
        <Dialog title="Delete this schedule?" onClose={closeDelete} busy={remove.isPending} initialFocus={cancelRef}>
          <p>
            <code className="mono">{s.cron}</code> ({s.timezone}) stops firing. Past executions are kept. This can’t be
            undone.
          </p>
          {remove.isError ? (
            <p className="form-error" role="alert">
              {remove.error.message}
            </p>
          ) : null}
          <div className="ui-dialog-actions ui-actions">
            <button ref={cancelRef} type="button" className="button" onClick={closeDelete} disabled={remove.isPending}>
              Cancel
            </button>
            <button type="button" className="button button-danger" onClick={del} disabled={remove.isPending}>
              {remove.isPending ? 'Deleting…' : 'Delete schedule'}
            </button>
          </div>
        </Dialog>
      ) : null}
    </article>
  );
}
