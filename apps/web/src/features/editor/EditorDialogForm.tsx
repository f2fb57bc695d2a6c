'use client';

import type { ReactNode } from 'react';
import { Dialog } from '@/ui/Dialog';

interface EditorDialogFormProps {
  title: string;
  onClose(): void;
  onSubmit(): void;
  /** The request's failure, shown above the buttons. */
  error: string | null;
  /** The submit button's words, and whether it may be pressed (not while pending, nor with bad input). */
  submit: string;
  submitDisabled: boolean;
  children: ReactNode;
}

/** The editor's compact dialog around one form: its fields, the request's error, Cancel and the one action. */
export function EditorDialogForm({
  title,
  onClose,
  onSubmit,
  error,
  submit,
  submitDisabled,
  children,
}: EditorDialogFormProps) {
  return (
    <Dialog title={title} variant="compact" onClose={onClose}>
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={submitDisabled}>
            {submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
