'use client';

import { useState, type FormEvent } from 'react';

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
