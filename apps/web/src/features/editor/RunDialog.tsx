'use client';

import { useState } from 'react';
import { EditorDialogForm } from './EditorDialogForm';

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
    <EditorDialogForm
      title="Run workflow"
      onClose={onClose}
      onSubmit={() => {
        if (!parseError) onRun(JSON.parse(text));
      }}
      error={error}
      submit={pending ? 'Starting…' : 'Run'}
      submitDisabled={pending || !!parseError}
    >
      <label className="field-label" htmlFor="run-input">
        Input (JSON)
      </label>
      <textarea
        id="run-input"
        className="input ui-control input-mono"
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
    </EditorDialogForm>
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
