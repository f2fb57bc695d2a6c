'use client';

import { useRef } from 'react';
import { Dialog, DialogActions } from '@/ui/Dialog';
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
        <DialogActions
          cancelRef={cancelRef}
          onCancel={onClose}
          busy={pending}
          submit="Delete workflow"
          busyText="Deleting…"
          danger
          onConfirm={onConfirm}
        />
      </div>
    </Dialog>
  );
}
