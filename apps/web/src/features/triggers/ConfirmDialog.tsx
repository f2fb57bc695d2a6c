'use client';

import { useRef, type ReactNode } from 'react';
import { Dialog } from '@/ui/Dialog';

interface ConfirmDialogProps {
  title: string;
  /** What happens if the user goes ahead. */
  children: ReactNode;
  /** "Delete schedule"; while busy, `busyLabel` ("Deleting…"). */
  confirmLabel: string;
  busyLabel: string;
  tone: 'danger' | 'primary';
  busy: boolean;
  /** The last attempt's refusal. */
  error: string | null;
  onConfirm(): void;
  onClose(): void;
}

/** "Delete this webhook?" and the like: Cancel (focused first, the safe choice) and the action. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busyLabel,
  tone,
  busy,
  error,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog title={title} onClose={onClose} busy={busy} initialFocus={cancelRef}>
      <p>{children}</p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="ui-dialog-actions ui-actions">
        <button ref={cancelRef} type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className={`button button-${tone}`} onClick={onConfirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
