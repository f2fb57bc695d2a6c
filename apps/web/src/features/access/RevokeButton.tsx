'use client';

interface RevokeButtonProps {
  /** The revoke mutation of this row: its refusal and whether it is in flight. */
  revoke: { isPending: boolean; error: Error | null };
  onRevoke: () => void;
  label: string;
  pendingLabel: string;
  /** The button's accessible name when `label` alone would be ambiguous in a list. */
  ariaLabel?: string;
  /** Asked before revoking; no question when omitted. */
  confirm?: string;
  disabled?: boolean;
  title?: string;
}

/** The last cell's button of a key, invite or session row, with the refusal in front of it. */
export function RevokeButton({
  revoke,
  onRevoke,
  label,
  pendingLabel,
  ariaLabel,
  confirm,
  disabled,
  title,
}: RevokeButtonProps) {
  return (
    <>
      {revoke.error ? (
        <span className="field-error" role="alert">
          {revoke.error.message}{' '}
        </span>
      ) : null}
      <button
        type="button"
        className="button button-ghost button-small"
        aria-label={ariaLabel}
        title={title}
        disabled={revoke.isPending || disabled}
        onClick={() => {
          if (!confirm || window.confirm(confirm)) onRevoke();
        }}
      >
        {revoke.isPending ? pendingLabel : label}
      </button>
    </>
  );
}
