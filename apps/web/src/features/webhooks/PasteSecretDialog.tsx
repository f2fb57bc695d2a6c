'use client';

import { useId, useRef, useState, type FormEvent } from 'react';
import { Dialog } from '@/ui/Dialog';
import { ApiClientError } from '@weft/contracts/client';
import { SCHEMES } from './signature-schemes';
import { pastedSecret, signingErrorsFromDetails } from './signing-form';
import type { SignatureScheme } from './types';

interface PasteSecretDialogProps {
  scheme: SignatureScheme;
  /** PATCH `{ secret }`; rejects with the API error. */
  onSave(secret: string): Promise<unknown>;
  onClose(): void;
}

/**
 * Rotation to a secret made elsewhere (Stripe, Slack, Shopify can't have theirs made by Weft):
 * the old one keeps verifying for 24 hours, so deliveries signed with either get through.
 */
export function PasteSecretDialog({ scheme, onSave, onClose }: PasteSecretDialogProps) {
  const uid = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { label, rollHint } = SCHEMES[scheme];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = pastedSecret(scheme, value);
    if (!parsed.ok) {
      setError(parsed.error);
      inputRef.current?.focus();
      return;
    }
    setSaving(true);
    try {
      await onSave(parsed.secret);
      onClose();
    } catch (err) {
      const fromServer = err instanceof ApiClientError ? signingErrorsFromDetails(err.details).secret : undefined;
      setError(fromServer ?? (err instanceof Error ? err.message : 'Could not save the secret'));
      inputRef.current?.focus();
    } finally {
      setSaving(false);
    }
  };

  const id = `${uid}-secret`;
  return (
    <Dialog title="Paste a new signing secret" onClose={onClose} busy={saving} initialFocus={inputRef}>
      <form className="ui-form" onSubmit={(e) => void submit(e)} noValidate>
        <p>{rollHint}</p>
        <div className="ui-field">
          <label htmlFor={id}>New signing secret{scheme === 'weft' ? '' : ` from ${label}`}</label>
          <input
            ref={inputRef}
            id={id}
            className="ui-input mono"
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
            autoComplete="off"
            spellCheck={false}
            aria-required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
          />
          <p id={`${id}-hint`} className="field-hint">
            The current secret keeps verifying for 24 hours, so deliveries signed with either are accepted while {label}{' '}
            switches over.
          </p>
          {error ? (
            <p id={`${id}-error`} className="field-error" role="alert" data-testid="error-paste-secret">
              {error}
            </p>
          ) : null}
        </div>
        <div className="ui-dialog-actions ui-actions">
          <button type="button" className="button" onClick={onClose} disabled={saving}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save new secret'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
