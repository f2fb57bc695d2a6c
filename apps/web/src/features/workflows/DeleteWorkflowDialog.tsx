'use client';

import { useRef } from 'react';
import { Dialog } from '@/ui/Dialog';
import type { WorkflowListItem } from './types';

interface DeleteWorkflowDialogProps {
  workflow: Pick<WorkflowListItem, 'id' | 'name'>;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** Confirms a delete, naming the workflow and what goes with it. Focus starts on Cancel. */
export function DeleteWorkflowDialog({ workflow, pending, error, onConfirm, onClose }: DeleteWorkflowDialogProps) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog title="Delete workflow?" onClose={onClose} initialFocus={cancelRef} busy={pending}>
      <div className="form">
        <p>
          <strong>{workflow.name}</strong> will be deleted, with all its versions, webhooks, schedules{' '}
          <strong>and executions</strong>. This cannot be undone.
        </p>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="ui-dialog-actions">
          <button ref={cancelRef} type="button" className="button" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button type="button" className="button button-danger" onClick={onConfirm} disabled={pending}>
            {pending ? 'Deleting…' : 'Delete workflow'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
