'use client';

import { FormField } from '@/ui/form/FormField';
import { isProviderMade, SCHEMES } from './signature-schemes';
import type { SignatureScheme } from './types';

interface SecretFieldProps {
  id: string;
  scheme: SignatureScheme;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
  /** `create`: a new webhook; `switch`: an existing one moving to `scheme` (its current secret is replaced). */
  mode: 'create' | 'switch';
  autoFocus?: boolean;
}

const PLACEHOLDER: Partial<Record<SignatureScheme, string>> = {
  stripe: 'whsec_…',
  slack: '32 hex characters',
  standard: 'whsec_…',
};

/** The secret to paste: required where only the provider makes it, else optional (Weft generates one). */
export function SecretField({ id, scheme, value, onChange, error, mode, autoFocus }: SecretFieldProps) {
  const { label, pasteHint } = SCHEMES[scheme];
  const required = isProviderMade(scheme);
  const grace = mode === 'switch' ? ' The current secret keeps verifying for 24 hours.' : '';
  const hint = required
    ? `${pasteHint}${grace}`
    : `Leave empty to generate one — it is shown once. ${pasteHint}${grace}`;
  return (
    <FormField
      id={id}
      name="secret"
      label={
        <>
          {required ? `Signing secret from ${label}` : mode === 'switch' ? 'New signing secret' : 'Signing secret'}{' '}
          <span className="wh-label-note">{required ? '(required)' : '(optional)'}</span>
        </>
      }
      hint={hint}
      error={error}
    >
      {(control) => (
        <input
          {...control}
          className="ui-input mono"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={PLACEHOLDER[scheme]}
          autoComplete="off"
          spellCheck={false}
          autoFocus={autoFocus}
          aria-required={required}
          data-testid="webhook-secret-input"
        />
      )}
    </FormField>
  );
}
