'use client';

import { useRef, type ReactNode } from 'react';
import { Dialog } from '@/ui/Dialog';

/** The request a confirmation starts (a react-query mutation): busy while in flight, its refusal shown, forgotten on close. */
interface ConfirmRequest {
  isPending: boolean;
  error: Error | null;
  reset(): void;
}

interface ConfirmDialogProps {
  title: string;
  /** What happens if the user goes ahead. */
  children: ReactNode;
  /** "Delete schedule"; while busy, `busyLabel` ("Deleting…"). */
  confirmLabel: string;
  busyLabel: string;
  tone: 'danger' | 'primary';
  request: ConfirmRequest;
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
  request,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const busy = request.isPending;
  const close = () => {
    request.reset();
    onClose();
  };
  return (
    <Dialog title={title} onClose={close} busy={busy} initialFocus={cancelRef}>
      <p>{children}</p>
      {request.error ? (
        <p className="form-error" role="alert">
          {request.error.message}
        </p>
      ) : null}
      <div className="ui-dialog-actions ui-actions">
        <button ref={cancelRef} type="button" className="button" onClick={close} disabled={busy}>
          Cancel
        </button>
        <button type="button" className={`button button-${tone}`} onClick={onConfirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

interface ConfirmDeleteProps extends Pick<ConfirmDialogProps, 'children' | 'request' | 'onConfirm' | 'onClose'> {
  /** What is deleted: "schedule", "webhook". */
  thing: string;
}

/** "Delete this schedule?": a deletion's confirmation, in the danger tone. */
export function ConfirmDelete({ thing, ...props }: ConfirmDeleteProps) {
  return (
    <ConfirmDialog
      title={`Delete this ${thing}?`}
      confirmLabel={`Delete ${thing}`}
      busyLabel="Deleting…"
      tone="danger"
      {...props}
    />
  );
}
