import type { ReactNode } from 'react';

/** What a field's control spreads on itself: its id, and the ARIA tying it to its hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

interface FormFieldProps {
  /** The control's id; the hint and error take `<id>-hint`, `<id>-error`. */
  id: string;
  /** Names the error for tests (`data-testid="error-<name>"`). */
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  /** A checkbox: the control comes before its label. */
  check?: boolean;
  /** The error is announced as it appears (a field in a dialog). */
  alert?: boolean;
  /** Between the control and the hint (quick picks, say). */
  extra?: ReactNode;
  /** Added to the field's own classes. */
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/**
 * A labelled form control with its hint and error under it, linked to it (`aria-describedby`,
 * `aria-invalid`). The control is the caller's: `children` renders it with the props to spread.
 */
export function FormField({ id, name, label, hint, error, check, alert, extra, className, children }: FormFieldProps) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  const control = children({
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  });
  const labelEl = <label htmlFor={id}>{label}</label>;
  return (
    <div className={['ui-field', check ? 'ui-field-check' : null, className].filter(Boolean).join(' ')}>
      {check ? control : labelEl}
      {check ? labelEl : control}
      {extra}
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role={alert ? 'alert' : undefined} data-testid={`error-${name}`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface NumberInputProps extends ControlProps {
  value: string;
  onChange(value: string): void;
  disabled?: boolean;
}

/** A whole number, typed as text (so a half-typed value stays on screen for its error to name). */
export function NumberInput({ value, onChange, disabled, ...control }: NumberInputProps) {
  return (
    <input
      {...control}
      className="ui-input"
      inputMode="numeric"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      disabled={disabled}
    />
  );
}
