'use client';

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { checkCron, checkTimezone } from '@weft/engine';
import { ApiClientError } from '@weft/contracts/client';
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
  const uid = useId();
  const creating = schedule === undefined;
  const [draft, setDraft] = useState<ScheduleDraft>(() =>
    schedule ? draftFromSchedule(schedule) : NEW_SCHEDULE_DRAFT,
  );
  // Errors from Save (the client's checks or the server's 400), cleared as their field is edited.
  const [errors, setErrors] = useState<ScheduleErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedNote, setSavedNote] = useState<string | null>(null);
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

  const set = <K extends keyof ScheduleDraft>(key: K, value: ScheduleDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSavedNote(null);
    if (errors[key]) setErrors(({ [key]: _gone, ...rest }) => rest);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const parsed = draftToSettings(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setSaving(true);
    try {
      const saved = await onSave(parsed.settings);
      setErrors({});
      if (creating) setDraft(NEW_SCHEDULE_DRAFT);
      else {
        setDraft(draftFromSchedule(saved));
        setSavedNote('Saved');
      }
    } catch (err) {
      const fieldErrs = err instanceof ApiClientError ? scheduleErrorsFromDetails(err.details) : {};
      setErrors(fieldErrs);
      if (Object.keys(fieldErrs).length === 0)
        setFormError(err instanceof Error ? err.message : 'Could not save the schedule');
      else setFormError('Fix the highlighted fields and save again.');
    } finally {
      setSaving(false);
    }
  };

  const reset = () => {
    if (schedule) setDraft(draftFromSchedule(schedule));
    setErrors({});
    setFormError(null);
  };

  const id = (f: ScheduleField) => `${uid}-${f}`;
  const errId = (f: ScheduleField) => `${uid}-${f}-error`;
  const hintId = (f: ScheduleField) => `${uid}-${f}-hint`;
  const invalid = (f: ScheduleField) => ({
    'aria-invalid': errorOf(f) ? true : undefined,
    'aria-describedby': [errorOf(f) ? errId(f) : null, hintId(f)].filter(Boolean).join(' '),
  });
  const fieldError = (f: ScheduleField) => {
    const message = errorOf(f);
    return message ? (
      <p id={errId(f)} className="field-error" data-testid={`error-${f}`}>
        {message}
      </p>
    ) : null;
  };
  const hint = (f: ScheduleField, text: ReactNode) => (
    <p id={hintId(f)} className="field-hint">
      {text}
    </p>
  );

  return (
    <form className="wh-form sc-form" onSubmit={(e) => void submit(e)} noValidate aria-label={label}>
      <div className="wh-grid sc-when">
        <div className="wh-field">
          <label htmlFor={id('cron')}>Cron expression</label>
          <input
            id={id('cron')}
            className="wh-input wh-mono"
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

      <div className="wh-grid">
        <div className="wh-field">
          <label htmlFor={id('overlap')}>When a run is still going</label>
          <select
            id={id('overlap')}
            className="wh-input"
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
        <div className="wh-field">
          <label htmlFor={id('maxInstances')}>Max runs at once</label>
          <input
            id={id('maxInstances')}
            className="wh-input"
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
        <div className="wh-field">
          <label htmlFor={id('catchUpWindowSec')}>Catch-up window (s)</label>
          <input
            id={id('catchUpWindowSec')}
            className="wh-input"
            inputMode="numeric"
            value={draft.catchUpWindowSec}
            onChange={(e) => set('catchUpWindowSec', e.target.value)}
            {...invalid('catchUpWindowSec')}
          />
          {hint('catchUpWindowSec', 'Due times missed while Weft was down run if they are at most this old.')}
          {fieldError('catchUpWindowSec')}
        </div>
        <div className="wh-field wh-field-check sc-check">
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

      <div className="wh-field">
        <label htmlFor={id('input')}>Input (JSON)</label>
        <textarea
          id={id('input')}
          className="wh-input wh-mono"
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
      <div className="wh-actions">
        <button type="submit" className="button button-primary wh-button-small" disabled={saving || !dirty}>
          {creating ? (saving ? 'Creating…' : 'Create schedule') : saving ? 'Saving…' : 'Save settings'}
        </button>
        {onCancel ? (
          <button type="button" className="button button-ghost wh-button-small" onClick={onCancel} disabled={saving}>
            Cancel
          </button>
        ) : dirty && !creating ? (
          <button type="button" className="button button-ghost wh-button-small" onClick={reset} disabled={saving}>
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
