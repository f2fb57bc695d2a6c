'use client';

import { useId, useState, type FormEvent, type ReactNode } from 'react';

/**
 * The form model the settings forms share (schedules, webhooks): a draft as typed, the errors
 * of its fields (from the client's checks or the API's `details`, each cleared as its field is
 * edited), a form-level error, Saving… and "Saved". `submit(save)` runs one save at a time.
 */
export function useDraftForm<D extends object>(initial: () => D) {
  const [draft, setDraft] = useState<D>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof D, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedNote, setSavedNote] = useState<string | null>(null);

  const set = <K extends keyof D>(key: K, value: D[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSavedNote(null);
    if (errors[key]) {
      setErrors((all) => {
        const { [key]: _gone, ...rest } = all;
        return rest as Partial<Record<keyof D, string>>;
      });
    }
  };

  /** Runs `save` (after preventing the browser's submit); `onError` turns a failure into errors. */
  const submit = async (event: FormEvent, save: () => Promise<void>, onError: (err: unknown) => void) => {
    event.preventDefault();
    setFormError(null);
    setSaving(true);
    try {
      await save();
    } catch (err) {
      onError(err);
    } finally {
      setSaving(false);
    }
  };

  /** The form-level message after a failed save: the error itself, or "fix the fields" when some were placed. */
  const failed = (err: unknown, placedOnFields: number, fallback: string) =>
    setFormError(
      placedOnFields > 0 ? 'Fix the highlighted fields and save again.' : err instanceof Error ? err.message : fallback,
    );

  return {
    draft,
    setDraft,
    set,
    errors,
    setErrors,
    formError,
    setFormError,
    failed,
    saving,
    savedNote,
    setSavedNote,
    submit,
  };
}

/**
 * Ids and ARIA for a form's fields: `id(f)` for the control and its label, `aria(f)` for the
 * control (invalid + described by its hint and error), `hint(f, text)` and `error(f)` under it.
 */
export function useFieldIds<F extends string>(errorOf: (field: F) => string | null | undefined) {
  const uid = useId();
  const id = (f: F) => `${uid}-${f}`;
  const errorId = (f: F) => `${uid}-${f}-error`;
  const hintId = (f: F) => `${uid}-${f}-hint`;
  return {
    uid,
    id,
    aria: (f: F) => ({
      'aria-invalid': errorOf(f) ? (true as const) : undefined,
      'aria-describedby': [errorOf(f) ? errorId(f) : null, hintId(f)].filter(Boolean).join(' '),
    }),
    hint: (f: F, text: ReactNode) => (
      <p id={hintId(f)} className="field-hint">
        {text}
      </p>
    ),
    error: (f: F) => {
      const message = errorOf(f);
      return message ? (
        <p id={errorId(f)} className="field-error" data-testid={`error-${f}`}>
          {message}
        </p>
      ) : null;
    },
  };
}
