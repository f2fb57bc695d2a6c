'use client';

import { useState } from 'react';
import { EditorDialogForm } from './EditorDialogForm';

export function SaveDialog({
  pending,
  error,
  onSave,
  onClose,
}: {
  pending: boolean;
  error: string | null;
  onSave(message: string): void;
  onClose(): void;
}) {
  const [message, setMessage] = useState('');
  return (
    <EditorDialogForm
      title="Save workflow"
      onClose={onClose}
      onSubmit={() => onSave(message.trim())}
      error={error}
      submit={pending ? 'Saving…' : 'Save version'}
      submitDisabled={pending}
    >
      <label className="field-label" htmlFor="save-message">
        Version message (optional)
      </label>
      <input
        id="save-message"
        className="input ui-control"
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        autoFocus
        placeholder="What changed?"
      />
    </EditorDialogForm>
  );
}
