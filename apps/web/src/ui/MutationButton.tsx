'use client';

interface MutationButtonProps {
  /** What a click starts: a mutation that takes no input (sign out, activate). */
  mutation: { mutate(): void; isPending: boolean };
  /** The button's words, and what it says while the request is in flight. */
  label: string;
  busyText: string;
  className: string;
}

/** A button that runs one request; disabled, and saying so, until it answers. */
export function MutationButton({ mutation, label, busyText, className }: MutationButtonProps) {
  return (
    <button type="button" className={className} onClick={() => mutation.mutate()} disabled={mutation.isPending}>
      {mutation.isPending ? busyText : label}
    </button>
  );
}
