'use client';

import { X } from 'lucide-react';
import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';

interface DialogProps {
  title: string;
  /** Called on Escape, the close button, a click on the backdrop, or Cancel. */
  onClose: () => void;
  children: ReactNode;
  /** What gets focus on open (else the browser's choice: the first focusable element). */
  initialFocus?: RefObject<HTMLElement | null>;
  /** While true (a request in flight), Escape, the close button and the backdrop do not close. */
  busy?: boolean;
  /**
   * The look. `panel` (`.ui-dialog*` in ui/ui.css): a header with
   * a × button, and a click on the backdrop closes. `compact` (editor, `.editor-dialog` in
   * editor-overlays.css): the title above the content, no × and no backdrop click.
   */
  variant?: 'panel' | 'compact';
  /** `panel` only: the wider size (a JSON text area, say). */
  wide?: boolean;
}

/**
 * A modal dialog on the native `<dialog>` element: `showModal()` makes the rest of the
 * page inert (focus stays inside), Escape closes unless busy, the title labels it, and
 * focus returns to whatever opened it. Mount it to open it; unmount it to close it.
 */
export function Dialog({
  title,
  onClose,
  children,
  initialFocus,
  busy = false,
  variant = 'panel',
  wide = false,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useModal(ref, { onClose, busy, initialFocus });

  if (variant === 'compact') {
    return (
      <dialog ref={ref} className="editor-dialog" aria-labelledby={titleId}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
      </dialog>
    );
  }

  return (
    <dialog
      ref={ref}
      className={`ui-dialog${wide ? ' ui-dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onClick={(event) => {
        // The dialog element itself only receives clicks on its backdrop.
        if (event.target === ref.current && !busy) onClose();
      }}
    >
      <div className="ui-dialog-body">
        <div className="ui-dialog-header">
          <h2 id={titleId} className="ui-dialog-title">
            {title}
          </h2>
          <button type="button" className="ui-icon-button" aria-label="Close" onClick={onClose} disabled={busy}>
            <X size={18} aria-hidden="true" />
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}

/**
 * Opens the dialog modally once per mount, focuses `initialFocus`, turns Escape into
 * `onClose` (unless busy) and, on unmount, closes it and gives focus back to its opener.
 */
function useModal(
  ref: RefObject<HTMLDialogElement | null>,
  options: { onClose: () => void; busy: boolean; initialFocus: RefObject<HTMLElement | null> | undefined },
) {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    latest.current.initialFocus?.current?.focus();
    const onCancel = (event: Event) => {
      // React owns open/closed: ask the parent instead of letting the browser close it.
      event.preventDefault();
      if (!latest.current.busy) latest.current.onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
    // Open once per mount (the options are read through a ref).
  }, [ref]);
}

interface DialogActionsProps {
  onCancel: () => void;
  busy: boolean;
  /** The submit button's words, and what it says while busy ("Import" / "Importing…"). */
  submit: string;
  busyText: string;
  /** A destructive action's red button; `onConfirm` makes it a plain button instead of submit. */
  danger?: boolean;
  onConfirm?: () => void;
  cancelRef?: RefObject<HTMLButtonElement | null>;
}

/** Cancel and the dialog's one action, at its foot; both disabled while busy. */
export function DialogActions({ onCancel, busy, submit, busyText, danger, onConfirm, cancelRef }: DialogActionsProps) {
  return (
    <div className="ui-dialog-actions">
      <button ref={cancelRef} type="button" className="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
      <button
        type={onConfirm ? 'button' : 'submit'}
        className={`button ${danger ? 'button-danger' : 'button-primary'}`}
        onClick={onConfirm}
        disabled={busy}
      >
        {busy ? busyText : submit}
      </button>
    </div>
  );
}
