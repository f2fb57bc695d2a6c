'use client';

import { useState } from 'react';
import { Dialog } from '@/ui/Dialog';

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
    <Dialog title="Save workflow" variant="compact" onClose={onClose}>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          onSave(message.trim());
        }}
      >
        <label className="field-label" htmlFor="save-message">
          Version message (optional)
        </label>
        <input
          id="save-message"
          className="input"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          autoFocus
          placeholder="What changed?"
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Saving…' : 'Save version'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
