'use client';

import { useEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
}

/** A modal on the native <dialog> (focus trap, Escape and backdrop come with it). */
export function Dialog({ title, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="editor-dialog" aria-label={title} onClose={onClose} onCancel={onClose}>
      <h2 className="dialog-title">{title}</h2>
      {children}
    </dialog>
  );
}
