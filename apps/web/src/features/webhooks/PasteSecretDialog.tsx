'use client';

import { useId, useRef, useState, type FormEvent } from 'react';
import { Dialog } from '@/ui/Dialog';
import { FormField } from '@/ui/form/FormField';
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

/** The pasted secret, its error, and Save: checked here, then by the server. */
function usePasteSecret({ scheme, onSave, onClose }: PasteSecretDialogProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const refuse = (message: string) => {
    setError(message);
    inputRef.current?.focus();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = pastedSecret(scheme, value);
    if (!parsed.ok) return refuse(parsed.error);
    setSaving(true);
    try {
      await onSave(parsed.secret);
      onClose();
    } catch (err) {
      const fromServer = err instanceof ApiClientError ? signingErrorsFromDetails(err.details).secret : undefined;
      refuse(fromServer ?? (err instanceof Error ? err.message : 'Could not save the secret'));
    } finally {
      setSaving(false);
    }
  };
  const change = (next: string) => {
    setValue(next);
    setError(null);
  };
  return { inputRef, value, change, error, saving, submit };
}

/**
 * Rotation to a secret made elsewhere (Stripe, Slack, Shopify can't have theirs made by Weft):
 * the old one keeps verifying for 24 hours, so deliveries signed with either get through.
 */
export function PasteSecretDialog(props: PasteSecretDialogProps) {
  const { scheme, onClose } = props;
  const uid = useId();
  const { inputRef, value, change, error, saving, submit } = usePasteSecret(props);
  const { label, rollHint } = SCHEMES[scheme];
  return (
    <Dialog title="Paste a new signing secret" onClose={onClose} busy={saving} initialFocus={inputRef}>
      <form className="ui-form" onSubmit={(e) => void submit(e)} noValidate>
        <p>{rollHint}</p>
        <FormField
          id={`${uid}-secret`}
          name="paste-secret"
          label={`New signing secret${scheme === 'weft' ? '' : ` from ${label}`}`}
          hint={
            <>
              The current secret keeps verifying for 24 hours, so deliveries signed with either are accepted while{' '}
              {label} switches over.
            </>
          }
          error={error}
          alert
        >
          {(control) => (
            <input
              {...control}
              ref={inputRef}
              className="ui-input mono"
              value={value}
              onChange={(e) => change(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              aria-required
            />
          )}
        </FormField>
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
