'use client';

import { FormField } from '@/ui/form/FormField';
import { isSignatureScheme, SCHEME_ORDER, SCHEMES } from './signature-schemes';
import type { SignatureScheme } from './types';

interface SchemeSelectProps {
  id: string;
  value: SignatureScheme;
  onChange(scheme: SignatureScheme): void;
  error: string | undefined;
  disabled?: boolean;
  /** Say who makes the secret under the select (default true). */
  showBlurb?: boolean;
}

/** "Signature scheme": who signs the requests, and who makes the secret. */
export function SchemeSelect({ id, value, onChange, error, disabled, showBlurb = true }: SchemeSelectProps) {
  return (
    <FormField
      id={id}
      name="signatureScheme"
      label="Signature scheme"
      hint={showBlurb ? SCHEMES[value].blurb : null}
      error={error}
    >
      {(control) => (
        <select
          {...control}
          className="ui-input"
          value={value}
          disabled={disabled}
          onChange={(e) => {
            if (isSignatureScheme(e.target.value)) onChange(e.target.value);
          }}
        >
          {SCHEME_ORDER.map((s) => (
            <option key={s} value={s}>
              {SCHEMES[s].label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
