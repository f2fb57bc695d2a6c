'use client';

import { useEffect } from 'react';

export interface NoticeMessage {
  /** Changes per message, so the same text twice still restarts the timer. */
  id: number;
  text: string;
  tone: 'success' | 'error';
}

const DISMISS_AFTER_MS = 6_000;

/** A toast in the corner, announced politely; goes away by itself or with its button. */
export function Notice({ notice, onDismiss }: { notice: NoticeMessage | null; onDismiss: () => void }) {
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(onDismiss, DISMISS_AFTER_MS);
    return () => clearTimeout(timer);
  }, [notice, onDismiss]);

  return (
    <div className="wf-toast-region" role="status" aria-live="polite">
      {notice ? (
        <div className={`wf-toast wf-toast-${notice.tone}`} data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="ui-icon-button" aria-label="Dismiss" onClick={onDismiss}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ) : null}
    </div>
  );
}
