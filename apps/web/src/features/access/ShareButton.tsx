'use client';

import { useState } from 'react';
import { ShareDialog } from './ShareDialog';

/** The editor toolbar's "Share": opens who-has-access for this workflow. */
export function ShareButton({ workflowId }: { workflowId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button button-small"
        onClick={() => setOpen(true)}
        title="Who may view, edit, delete and run this workflow"
      >
        Share
      </button>
      {open ? <ShareDialog workflowId={workflowId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
