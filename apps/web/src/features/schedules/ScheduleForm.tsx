'use client';

import type { FormEvent } from 'react';
import { checkCron, checkTimezone } from '@weft/engine';
import { ApiClientError } from '@weft/contracts/client';
import { useDraftForm, useFieldIds } from '@/ui/form/useDraftForm';
import { CronPreview } from './CronPreview';
import { TimeZoneField } from './TimeZoneField';
import {
  draftFromSchedule,
  draftToSettings,
  isDirty,
  NEW_SCHEDULE_DRAFT,
  parseInput,
  scheduleErrorsFromDetails,
  type ScheduleDraft,
  type ScheduleErrors,
  type ScheduleField,
  type ScheduleFormSettings,
} from './schedule-form';
import type { OverlapPolicy, Schedule } from './types';

interface ScheduleFormProps {
  /** Editing: the stored schedule (the form starts from it). Creating: absent. */
  schedule?: Schedule;
  /** Saves; resolves with the stored schedule or rejects with the API error. */
  onSave(settings: ScheduleFormSettings): Promise<Schedule>;
  /** Closes the form without saving (shown as Cancel; without it an edited form offers Reset). */
  onCancel?(): void;
  /** Names the form for assistive tech ("New schedule", "Schedule settings"). */
  label: string;
  autoFocus?: boolean;
}

const OVERLAP_HINTS: Record<OverlapPolicy, string> = {
  skip: 'A due time is skipped (and counted) while the limit is reached.',
  allow: 'Every due time starts a run, however many are still going.',
  queue: 'One due time waits for a free slot; any more are skipped.',
};

/** Cron, zone (with a live description and the next fire times), overlap, catch-up and input, saved together. */
export function ScheduleForm({ schedule, onSave, onCancel, label, autoFocus }: ScheduleFormProps) {
  const creating = schedule === undefined;
  const form = useDraftForm<ScheduleDraft>(() => (schedule ? draftFromSchedule(schedule) : NEW_SCHEDULE_DRAFT));
  const { draft, set, errors, saving, savedNote, formError } = form;
  const dirty = schedule ? isDirty(draft, schedule) : true;

  // Live checks, as you type; a Save error for the field (e.g. the server's) wins.
  const cronText = draft.cron.trim();
  const liveErrors: ScheduleErrors = {
    cron: cronText === '' ? undefined : (checkCron(cronText) ?? undefined),
    timezone: checkTimezone(draft.timezone.trim()) ?? undefined,
    input: (() => {
      const parsed = parseInput(draft.input);
      return parsed.ok ? undefined : parsed.error;
    })(),
  };
  const errorOf = (f: ScheduleField) => errors[f] ?? liveErrors[f] ?? null;
  const { uid, id, aria: invalid, hint, error: fieldError } = useFieldIds<ScheduleField>(errorOf);

  const submit = (event: FormEvent) => {
    const parsed = draftToSettings(draft);
    if (!parsed.ok) {
      event.preventDefault();
      form.setErrors(parsed.errors);
      return;
    }
    void form.submit(
      event,
      async () => {
        const saved = await onSave(parsed.settings);
        form.setErrors({});
        if (creating) form.setDraft(NEW_SCHEDULE_DRAFT);
        else {
          form.setDraft(draftFromSchedule(saved));
          form.setSavedNote('Saved');
        }
      },
      (err) => {
        const fieldErrs = err instanceof ApiClientError ? scheduleErrorsFromDetails(err.details) : {};
        form.setErrors(fieldErrs);
        form.failed(err, Object.keys(fieldErrs).length, 'Could not save the schedule');
      },
    );
  };

  const reset = () => {
    if (schedule) form.setDraft(draftFromSchedule(schedule));
    form.setErrors({});
    form.setFormError(null);
  };

  return (
    <form className="ui-form" onSubmit={submit} noValidate aria-label={label}>
      <div className="ui-grid sc-when">
        <div className="ui-field">
          <label htmlFor={id('cron')}>Cron expression</label>
          <input
            id={id('cron')}
            className="ui-input mono"
            value={draft.cron}
            onChange={(e) => set('cron', e.target.value)}
            placeholder="0 9 * * 1-5"
            autoComplete="off"
            spellCheck={false}
            autoFocus={autoFocus}
            {...invalid('cron')}
          />
          {hint(
            'cron',
            <>
              minute hour day month weekday; 6 fields put seconds first (<code>*/10 * * * * *</code>).
            </>,
          )}
          {fieldError('cron')}
        </div>
        <TimeZoneField
          id={id('timezone')}
          value={draft.timezone}
          onChange={(v) => set('timezone', v)}
          error={errorOf('timezone')}
        />
      </div>

      <CronPreview cron={draft.cron} timezone={draft.timezone} id={`${uid}-preview`} />

      <div className="ui-grid">
        <div className="ui-field">
          <label htmlFor={id('overlap')}>When a run is still going</label>
          <select
            id={id('overlap')}
            className="ui-input"
            value={draft.overlap}
            onChange={(e) => set('overlap', e.target.value as OverlapPolicy)}
            {...invalid('overlap')}
          >
            <option value="skip">Skip the new run</option>
            <option value="queue">Queue one run</option>
            <option value="allow">Allow overlapping runs</option>
          </select>
          {hint('overlap', OVERLAP_HINTS[draft.overlap])}
          {fieldError('overlap')}
        </div>
        <div className="ui-field">
          <label htmlFor={id('maxInstances')}>Max runs at once</label>
          <input
            id={id('maxInstances')}
            className="ui-input"
            inputMode="numeric"
            value={draft.maxInstances}
            onChange={(e) => set('maxInstances', e.target.value)}
            disabled={draft.overlap === 'allow'}
            {...invalid('maxInstances')}
          />
          {hint(
            'maxInstances',
            draft.overlap === 'allow'
              ? 'Not used when overlapping runs are allowed'
              : 'Queued or running runs of this schedule',
          )}
          {fieldError('maxInstances')}
        </div>
        <div className="ui-field">
          <label htmlFor={id('catchUpWindowSec')}>Catch-up window (s)</label>
          <input
            id={id('catchUpWindowSec')}
            className="ui-input"
            inputMode="numeric"
            value={draft.catchUpWindowSec}
            onChange={(e) => set('catchUpWindowSec', e.target.value)}
            {...invalid('catchUpWindowSec')}
          />
          {hint('catchUpWindowSec', 'Due times missed while Weft was down run if they are at most this old.')}
          {fieldError('catchUpWindowSec')}
        </div>
        <div className="ui-field ui-field-check sc-check">
          <input
            id={id('coalesce')}
            type="checkbox"
            checked={draft.coalesce}
            onChange={(e) => set('coalesce', e.target.checked)}
            {...invalid('coalesce')}
          />
          <label htmlFor={id('coalesce')}>Coalesce missed runs</label>
          {hint(
            'coalesce',
            draft.coalesce
              ? 'Missed due times run once, as one catch-up run.'
              : 'Each missed due time runs, oldest first.',
          )}
          {fieldError('coalesce')}
        </div>
      </div>

      <div className="ui-field">
        <label htmlFor={id('input')}>Input (JSON)</label>
        <textarea
          id={id('input')}
          className="ui-input mono"
          rows={3}
          value={draft.input}
          onChange={(e) => set('input', e.target.value)}
          spellCheck={false}
          {...invalid('input')}
        />
        {hint(
          'input',
          <>
            An object merged into the trigger payload <code>{'{ scheduleId, scheduledAt, firedAt }'}</code>.
          </>,
        )}
        {fieldError('input')}
      </div>

      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="ui-actions">
        <button type="submit" className="button button-primary button-small" disabled={saving || !dirty}>
          {creating ? (saving ? 'Creating…' : 'Create schedule') : saving ? 'Saving…' : 'Save settings'}
        </button>
        {onCancel ? (
          <button type="button" className="button button-ghost button-small" onClick={onCancel} disabled={saving}>
            Cancel
          </button>
        ) : dirty && !creating ? (
          <button type="button" className="button button-ghost button-small" onClick={reset} disabled={saving}>
            Reset
          </button>
        ) : null}
        {creating ? null : (
          <span className="muted small" aria-live="polite">
            {dirty ? 'Unsaved changes' : (savedNote ?? '')}
          </span>
        )}
      </div>
    </form>
  );
}
