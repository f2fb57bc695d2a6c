'use client';

import { useId, type FormEvent } from 'react';
import { checkCron, checkTimezone } from '@weft/engine';
import { ApiClientError } from '@weft/contracts/client';
import { FormField, NumberInput } from '@/ui/form/FormField';
import { FormFooter } from '@/ui/form/FormFooter';
import { useDraftForm } from '@/ui/form/useDraftForm';
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

/** The checks made as you type (a Save error for the field, e.g. the server's, wins over them). */
function liveErrors(draft: ScheduleDraft): ScheduleErrors {
  const cronText = draft.cron.trim();
  const input = parseInput(draft.input);
  return {
    cron: cronText === '' ? undefined : (checkCron(cronText) ?? undefined),
    timezone: checkTimezone(draft.timezone.trim()) ?? undefined,
    input: input.ok ? undefined : input.error,
  };
}

/** The form's state, its Save (checked here, then by the server) and Reset. */
function useScheduleForm(schedule: Schedule | undefined, onSave: ScheduleFormProps['onSave']) {
  const creating = schedule === undefined;
  const form = useDraftForm<ScheduleDraft>(() => (schedule ? draftFromSchedule(schedule) : NEW_SCHEDULE_DRAFT));
  const submit = (event: FormEvent) => {
    const parsed = draftToSettings(form.draft);
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
        form.setDraft(creating ? NEW_SCHEDULE_DRAFT : draftFromSchedule(saved));
        if (!creating) form.setSavedNote('Saved');
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
  return { form, submit, reset, dirty: schedule ? isDirty(form.draft, schedule) : true };
}

/** Cron, zone (with a live description and the next fire times), overlap, catch-up and input, saved together. */
export function ScheduleForm({ schedule, onSave, onCancel, label, autoFocus }: ScheduleFormProps) {
  const uid = useId();
  const creating = schedule === undefined;
  const { form, submit, reset, dirty } = useScheduleForm(schedule, onSave);
  const { draft, errors, saving } = form;
  const live = liveErrors(draft);
  const fields: ScheduleFields = { uid, draft, set: form.set, errorOf: (f) => errors[f] ?? live[f] ?? null };
  return (
    <form className="ui-form" onSubmit={submit} noValidate aria-label={label}>
      <WhenFields {...fields} autoFocus={autoFocus} />
      <CronPreview cron={draft.cron} timezone={draft.timezone} id={`${uid}-preview`} />
      <RunPolicyFields {...fields} />
      <InputField {...fields} />
      <FormFooter
        formError={form.formError}
        saving={saving}
        disabled={!dirty}
        submitLabel={creating ? 'Create schedule' : 'Save settings'}
        savingLabel={creating ? 'Creating…' : 'Saving…'}
        secondary={
          onCancel
            ? { label: 'Cancel', onClick: onCancel }
            : dirty && !creating
              ? { label: 'Reset', onClick: reset }
              : null
        }
        note={creating ? undefined : dirty ? 'Unsaved changes' : form.savedNote}
      />
    </form>
  );
}

interface ScheduleFields {
  uid: string;
  draft: ScheduleDraft;
  set<K extends ScheduleField>(key: K, value: ScheduleDraft[K]): void;
  errorOf(field: ScheduleField): string | null;
}

function WhenFields({ uid, draft, set, errorOf, autoFocus }: ScheduleFields & { autoFocus?: boolean | undefined }) {
  return (
    <div className="ui-grid sc-when">
      <FormField
        id={`${uid}-cron`}
        name="cron"
        label="Cron expression"
        hint={
          <>
            minute hour day month weekday; 6 fields put seconds first (<code>*/10 * * * * *</code>).
          </>
        }
        error={errorOf('cron')}
      >
        {(control) => (
          <input
            {...control}
            className="ui-input mono"
            value={draft.cron}
            onChange={(e) => set('cron', e.target.value)}
            placeholder="0 9 * * 1-5"
            autoComplete="off"
            spellCheck={false}
            autoFocus={autoFocus}
          />
        )}
      </FormField>
      <TimeZoneField
        id={`${uid}-timezone`}
        value={draft.timezone}
        onChange={(v) => set('timezone', v)}
        error={errorOf('timezone')}
      />
    </div>
  );
}

const OVERLAP_HINTS: Record<OverlapPolicy, string> = {
  skip: 'A due time is skipped (and counted) while the limit is reached.',
  allow: 'Every due time starts a run, however many are still going.',
  queue: 'One due time waits for a free slot; any more are skipped.',
};

/** What happens when a run is still going, and to due times missed while Weft was down. */
function RunPolicyFields({ uid, draft, set, errorOf }: ScheduleFields) {
  const field = (f: ScheduleField) => ({ id: `${uid}-${f}`, name: f, error: errorOf(f) });
  return (
    <div className="ui-grid">
      <FormField {...field('overlap')} label="When a run is still going" hint={OVERLAP_HINTS[draft.overlap]}>
        {(control) => (
          <select
            {...control}
            className="ui-input"
            value={draft.overlap}
            onChange={(e) => set('overlap', e.target.value as OverlapPolicy)}
          >
            <option value="skip">Skip the new run</option>
            <option value="queue">Queue one run</option>
            <option value="allow">Allow overlapping runs</option>
          </select>
        )}
      </FormField>
      <FormField
        {...field('maxInstances')}
        label="Max runs at once"
        hint={
          draft.overlap === 'allow'
            ? 'Not used when overlapping runs are allowed'
            : 'Queued or running runs of this schedule'
        }
      >
        {(control) => (
          <NumberInput
            {...control}
            value={draft.maxInstances}
            onChange={(v) => set('maxInstances', v)}
            disabled={draft.overlap === 'allow'}
          />
        )}
      </FormField>
      <CatchUpFields uid={uid} draft={draft} set={set} errorOf={errorOf} />
    </div>
  );
}

function CatchUpFields({ uid, draft, set, errorOf }: ScheduleFields) {
  const field = (f: ScheduleField) => ({ id: `${uid}-${f}`, name: f, error: errorOf(f) });
  return (
    <>
      <FormField
        {...field('catchUpWindowSec')}
        label="Catch-up window (s)"
        hint="Due times missed while Weft was down run if they are at most this old."
      >
        {(control) => (
          <NumberInput {...control} value={draft.catchUpWindowSec} onChange={(v) => set('catchUpWindowSec', v)} />
        )}
      </FormField>
      <FormField
        {...field('coalesce')}
        check
        className="sc-check"
        label="Coalesce missed runs"
        hint={
          draft.coalesce
            ? 'Missed due times run once, as one catch-up run.'
            : 'Each missed due time runs, oldest first.'
        }
      >
        {(control) => (
          <input
            {...control}
            type="checkbox"
            checked={draft.coalesce}
            onChange={(e) => set('coalesce', e.target.checked)}
          />
        )}
      </FormField>
    </>
  );
}

function InputField({ uid, draft, set, errorOf }: ScheduleFields) {
  return (
    <FormField
      id={`${uid}-input`}
      name="input"
      label="Input (JSON)"
      hint={
        <>
          An object merged into the trigger payload <code>{'{ scheduleId, scheduledAt, firedAt }'}</code>.
        </>
      }
      error={errorOf('input')}
    >
      {(control) => (
        <textarea
          {...control}
          className="ui-input mono"
          rows={3}
          value={draft.input}
          onChange={(e) => set('input', e.target.value)}
          spellCheck={false}
        />
      )}
    </FormField>
  );
}
