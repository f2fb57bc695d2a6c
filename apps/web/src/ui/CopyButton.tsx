'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * Copies `text` to the clipboard and says so ("Copied", announced politely). Where the
 * clipboard API is refused (plain http, no permission) it says to copy by hand instead.
 */
export function CopyButton({ text, label, className = '' }: { text: string; label: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 2500);
  };

  return (
    <>
      <button
        type="button"
        className={`button button-small ${className}`}
        onClick={() => void copy()}
        aria-label={label}
      >
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {state === 'copied'
          ? 'Copied to the clipboard'
          : state === 'failed'
            ? 'Could not copy; select the text and copy it by hand'
            : ''}
      </span>
    </>
  );
}

interface CopyableInputProps {
  id: string;
  value: string;
  /** The Copy button's words ("Copy link"). */
  copyLabel: string;
  /** A URL or secret: in the monospaced face. */
  mono?: boolean;
  'data-testid'?: string;
}

/** A value to copy (a link, a URL, a secret): read-only, selected whole on focus, with a Copy button beside it. */
export function CopyableInput({ id, value, copyLabel, mono = false, ...rest }: CopyableInputProps) {
  return (
    <div className="ui-copy-row">
      <input
        id={id}
        className={mono ? 'ui-input mono' : 'ui-input'}
        readOnly
        value={value}
        data-testid={rest['data-testid']}
        onFocus={(e) => e.currentTarget.select()}
      />
      <CopyButton text={value} label={copyLabel} />
    </div>
  );
}
