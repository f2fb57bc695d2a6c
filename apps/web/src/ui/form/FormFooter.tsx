interface FormFooterProps {
  /** The form-level message after a failed save. */
  formError: string | null;
  saving: boolean;
  /** Nothing to save: Save is disabled. */
  disabled: boolean;
  /** "Save settings"; while saving, `savingLabel`. */
  submitLabel: string;
  savingLabel: string;
  /** Cancel or Reset, when offered. */
  secondary?: { label: string; onClick(): void } | null;
  /** "Unsaved changes" / "Saved", read out as it changes. */
  note?: string | null;
}

/** A settings form's last rows: its error, Save, Cancel or Reset, and what state it is in. */
export function FormFooter({
  formError,
  saving,
  disabled,
  submitLabel,
  savingLabel,
  secondary,
  note,
}: FormFooterProps) {
  return (
    <>
      {formError ? (
        <p className="form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="ui-actions">
        <button type="submit" className="button button-primary button-small" disabled={saving || disabled}>
          {saving ? savingLabel : submitLabel}
        </button>
        {secondary ? (
          <button
            type="button"
            className="button button-ghost button-small"
            onClick={secondary.onClick}
            disabled={saving}
          >
            {secondary.label}
          </button>
        ) : null}
        {note === undefined ? null : (
          <span className="muted small" aria-live="polite">
            {note ?? ''}
          </span>
        )}
      </div>
    </>
  );
}
