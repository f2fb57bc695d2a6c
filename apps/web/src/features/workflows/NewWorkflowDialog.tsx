'use client';

import { useRef, useState, type FormEvent } from 'react';
import { fieldErrors } from '@weft/contracts/client';
import { Dialog, DialogActions } from '@/ui/Dialog';
import { Field } from '@/ui/Field';
import { createWorkflow } from './api';
import { useOpenNewWorkflow } from './useOpenNewWorkflow';

/** "New workflow": a name (and description) → POST → the editor at /workflows/<id>. */
export function NewWorkflowDialog({ onClose }: { onClose: () => void }) {
  const nameRef = useRef<HTMLInputElement>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useOpenNewWorkflow(createWorkflow);

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
  const otherError = create.error && !serverErrors.name && !serverErrors.description ? create.error.message : null;

  return (
    <Dialog title="New workflow" onClose={onClose} initialFocus={nameRef} busy={create.busy}>
      <form className="form" onSubmit={onSubmit} noValidate>
        {otherError ? (
          <p className="form-error" role="alert">
            {otherError}
          </p>
        ) : null}
        <Field
          ref={nameRef}
          id="new-workflow-name"
          name="name"
          label="Name"
          required
          maxLength={200}
          autoComplete="off"
          placeholder="e.g. Nightly report"
          error={nameError ?? serverErrors.name}
        />
        <DescriptionField error={serverErrors.description} />
        <p className="muted small">It starts with a single trigger; you build the rest in the editor.</p>
        <DialogActions onCancel={onClose} busy={create.busy} submit="Create workflow" busyText="Creating…" />
      </form>
    </Dialog>
  );
}

function DescriptionField({ error }: { error: string | undefined }) {
  return (
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
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'new-workflow-description-error' : undefined}
      />
      {error ? (
        <p className="field-error" id="new-workflow-description-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
