'use client';

import { useId, useState, type FormEvent, type Ref } from 'react';
import { ApiClientError } from '@weft/contracts/client';
import { useCreateWebhook } from './api';
import { SchemeSelect } from './SchemeSelect';
import { SecretField } from './SecretField';
import { SCHEMES } from './signature-schemes';
import { createSigningBody, signingErrorsFromDetails, type SigningErrors } from './signing-form';
import type { SignatureScheme, WebhookWithSecret } from './types';

interface CreateWebhookFormProps {
  workflowId: string;
  /** The submit button, where focus goes after a card is deleted. */
  submitRef?: Ref<HTMLButtonElement>;
  onCreated(webhook: WebhookWithSecret): void;
}

/** The scheme and secret as typed, their errors, and Create. `focusSecret` when the secret is refused. */
function useCreateWebhookForm(
  workflowId: string,
  onCreated: CreateWebhookFormProps['onCreated'],
  focusSecret: () => void,
) {
  const create = useCreateWebhook(workflowId);
  const [scheme, setScheme] = useState<SignatureScheme>('weft');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<SigningErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const parsed = createSigningBody(scheme, secret);
    setErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return focusSecret();
    create.mutate(parsed.body, {
      onSuccess: (created) => {
        setSecret('');
        onCreated(created);
      },
      onError: (err) => {
        const fieldErrs = err instanceof ApiClientError ? signingErrorsFromDetails(err.details) : {};
        setErrors(fieldErrs);
        if (fieldErrs.secret) focusSecret();
        setFormError(Object.keys(fieldErrs).length ? null : `Could not create a webhook: ${err.message}`);
      },
    });
  };
  return {
    create,
    scheme,
    setScheme: (s: SignatureScheme) => {
      setScheme(s);
      setErrors({});
    },
    secret,
    setSecret: (v: string) => {
      setSecret(v);
      if (errors.secret) setErrors(({ secret: _gone, ...rest }) => rest);
    },
    errors,
    formError,
    submit,
  };
}

/**
 * "Add a webhook": the scheme its sender signs with and, where the provider makes the secret,
 * that secret. With the defaults (Weft, no secret) one click makes a webhook and shows its
 * generated secret.
 */
export function CreateWebhookForm({ workflowId, submitRef, onCreated }: CreateWebhookFormProps) {
  const uid = useId();
  const secretId = `${uid}-secret`;
  const { create, scheme, setScheme, secret, setSecret, errors, formError, submit } = useCreateWebhookForm(
    workflowId,
    onCreated,
    () => document.getElementById(secretId)?.focus(),
  );
  const titleId = `${uid}-title`;
  return (
    <section className="ui-card trigger-new" aria-labelledby={titleId}>
      <h2 id={titleId} className="ui-card-title">
        Add a webhook
      </h2>
      <form
        className="wh-new-form"
        onSubmit={submit}
        noValidate
        aria-labelledby={titleId}
        data-testid="webhook-create-form"
      >
        <SchemeSelect
          id={`${uid}-scheme`}
          value={scheme}
          onChange={setScheme}
          error={errors.signatureScheme}
          disabled={create.isPending}
        />
        <SecretField
          id={secretId}
          scheme={scheme}
          value={secret}
          onChange={setSecret}
          error={errors.secret}
          mode="create"
        />
        {SCHEMES[scheme].createNote ? (
          <p className="wh-new-note small" role="note">
            {SCHEMES[scheme].createNote}
          </p>
        ) : null}
        <div className="wh-new-submit">
          <button ref={submitRef} type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'New webhook'}
          </button>
        </div>
      </form>
      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}
    </section>
  );
}
