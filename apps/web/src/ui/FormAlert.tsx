import type { ReactNode } from 'react';

interface FormAlertProps {
  /** The failed request's error, if any. */
  error: Error | null;
  /** The per-field errors drawn from it: when any exist they are shown at their fields instead. */
  fieldErrors?: Record<string, string | undefined>;
  'data-testid'?: string;
  /** `field-error` (a line beside a button) or `form-error` (a boxed line atop a form). */
  className?: 'field-error' | 'form-error';
}

/** A form's failure that names no field ("Too many requests"), announced as it appears. */
export function FormAlert({
  error,
  fieldErrors = {},
  className = 'field-error',
  'data-testid': testId,
}: FormAlertProps) {
  if (!error || Object.keys(fieldErrors).length > 0) return null;
  return (
    <p className={className} role="alert" data-testid={testId}>
      {error.message}
    </p>
  );
}

/** "Saved"-style confirmation next to a form's button (a status, so screen readers hear it). */
export function FormNote({ children }: { children: ReactNode }) {
  return (
    <p className="small ui-note-ok" role="status">
      {children}
    </p>
  );
}
