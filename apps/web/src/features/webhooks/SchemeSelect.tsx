'use client';

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
    <div className="ui-field">
      <label htmlFor={id}>Signature scheme</label>
      <select
        id={id}
        className="ui-input"
        value={value}
        disabled={disabled}
        onChange={(e) => {
          if (isSignatureScheme(e.target.value)) onChange(e.target.value);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [error ? `${id}-error` : null, showBlurb ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
        }
      >
        {SCHEME_ORDER.map((s) => (
          <option key={s} value={s}>
            {SCHEMES[s].label}
          </option>
        ))}
      </select>
      {showBlurb ? (
        <p id={`${id}-hint`} className="field-hint">
          {SCHEMES[value].blurb}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" data-testid="error-signatureScheme">
          {error}
        </p>
      ) : null}
    </div>
  );
}
