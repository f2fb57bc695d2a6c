'use client';

import { useState } from 'react';
import { Dialog } from '@/ui/Dialog';

/** Manual run input: a JSON document, validated before sending. */
export function RunDialog({
  pending,
  error,
  note,
  onRun,
  onClose,
}: {
  pending: boolean;
  error: string | null;
  note: string | null;
  onRun(input: unknown): void;
  onClose(): void;
}) {
  const [text, setText] = useState('{}');
  const parseError = jsonError(text);
  return (
    <Dialog title="Run workflow" variant="compact" onClose={onClose}>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!parseError) onRun(JSON.parse(text));
        }}
      >
        <label className="field-label" htmlFor="run-input">
          Input (JSON)
        </label>
        <textarea
          id="run-input"
          className="input input-mono"
          rows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={parseError ? true : undefined}
          aria-describedby="run-input-hint"
        />
        <p id="run-input-hint" className={parseError ? 'field-error' : 'field-hint'}>
          {parseError
            ? `Not valid JSON: ${parseError}`
            : 'Becomes the trigger’s output ($trigger, and $input of the first node).'}
        </p>
        {note ? <p className="field-hint">{note}</p> : null}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={pending || !!parseError}>
            {pending ? 'Starting…' : 'Run'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Why `text` is not JSON, or null when it is. */
function jsonError(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
