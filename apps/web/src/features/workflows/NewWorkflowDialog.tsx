'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { fieldErrors } from '@weft/contracts/client';
import { createWorkflow, workflowKeys } from './api';
import { Dialog } from '@/ui/Dialog';

/** "New workflow": a name (and description) → POST → the editor at /workflows/<id>. */
export function NewWorkflowDialog({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const nameRef = useRef<HTMLInputElement>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createWorkflow,
    onSuccess: async ({ id }) => {
      await queryClient.invalidateQueries({ queryKey: workflowKeys.all });
      router.push(`/workflows/${encodeURIComponent(id)}`);
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    const description = String(form.get('description') ?? '').trim();
    if (!name) {
      setNameError('Give the workflow a name.');
      nameRef.current?.focus();
      return;
    }
    setNameError(null);
    create.mutate(description ? { name, description } : { name });
  }

  const serverErrors = fieldErrors(create.error);
  const nameMessage = nameError ?? serverErrors.name;
  const descriptionMessage = serverErrors.description;
  const otherError = create.error && !serverErrors.name && !serverErrors.description ? create.error.message : null;
  // Still pending after success: we are navigating away.
  const busy = create.isPending || create.isSuccess;

  return (
    <Dialog title="New workflow" onClose={onClose} initialFocus={nameRef} busy={busy}>
      <form className="form" onSubmit={onSubmit} noValidate>
        {otherError ? (
          <p className="form-error" role="alert">
            {otherError}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="new-workflow-name">Name</label>
          <input
            ref={nameRef}
            id="new-workflow-name"
            name="name"
            required
            maxLength={200}
            autoComplete="off"
            placeholder="e.g. Nightly report"
            aria-invalid={nameMessage ? true : undefined}
            aria-describedby={nameMessage ? 'new-workflow-name-error' : undefined}
          />
          {nameMessage ? (
            <p className="field-error" id="new-workflow-name-error">
              {nameMessage}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="new-workflow-description">
            Description <span className="muted">(optional)</span>
          </label>
          <textarea
            id="new-workflow-description"
            name="description"
            rows={3}
            maxLength={10_000}
            className="ui-input"
            aria-invalid={descriptionMessage ? true : undefined}
            aria-describedby={descriptionMessage ? 'new-workflow-description-error' : undefined}
          />
          {descriptionMessage ? (
            <p className="field-error" id="new-workflow-description-error">
              {descriptionMessage}
            </p>
          ) : null}
        </div>
        <p className="muted small">It starts with a single trigger; you build the rest in the editor.</p>
        <div className="ui-dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create workflow'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
