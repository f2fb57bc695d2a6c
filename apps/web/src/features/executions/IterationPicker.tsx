'use client';

import { useEffect, useState } from 'react';
import { StatusBadge } from '@/ui/StatusBadge';
import { nextFailedIteration, scopeLabel, type Iteration } from './steps';

/**
 * "Iteration n of N" for a node inside a loop: previous/next buttons and a number field
 * (1-based; arrow keys step it), plus a jump to the next failed iteration when there is
 * one. A thousand iterations stay one compact row instead of a thousand tabs.
 */
export function IterationPicker({
  nodeId,
  iterations,
  index,
  onPick,
}: {
  nodeId: string;
  iterations: readonly Iteration[];
  index: number;
  onPick: (index: number) => void;
}) {
  const current = iterations[index];
  return (
    <div className="iter-picker" role="group" aria-label={`Iterations of ${nodeId}`} data-testid="iteration-picker">
      <IterationStepper inputId={`iteration-${nodeId}`} total={iterations.length} index={index} onPick={onPick} />
      {current ? <IterationSummary iterations={iterations} index={index} onPick={onPick} /> : null}
    </div>
  );
}

interface StepperProps {
  inputId: string;
  total: number;
  index: number;
  onPick: (index: number) => void;
}

/** ‹ [n] of N ›: the number applies as it becomes a valid iteration (1-based). */
function IterationStepper({ inputId, total, index, onPick }: StepperProps) {
  const { text, setText, setFocused } = useTypedNumber(index + 1);
  const commit = (raw: string) => {
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 1 && n <= total) onPick(n - 1);
  };
  return (
    <div className="iter-picker-row">
      <button
        type="button"
        className="button iter-picker-step"
        aria-label="Previous iteration"
        disabled={index <= 0}
        onClick={() => onPick(index - 1)}
      >
        ‹
      </button>
      <label htmlFor={inputId} className="iter-picker-label">
        Iteration
      </label>
      <input
        id={inputId}
        className="ui-input iter-picker-input"
        type="number"
        inputMode="numeric"
        min={1}
        max={total}
        step={1}
        value={text}
        aria-describedby={`${inputId}-of`}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setText(String(index + 1));
        }}
        onChange={(e) => {
          setText(e.target.value);
          commit(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(text);
        }}
      />
      <span id={`${inputId}-of`} className="iter-picker-of">
        of {total}
      </span>
      <button
        type="button"
        className="button iter-picker-step"
        aria-label="Next iteration"
        disabled={index >= total - 1}
        onClick={() => onPick(index + 1)}
      >
        ›
      </button>
    </div>
  );
}

/**
 * The number field's text: local while focused ("1" on the way to "12" must not be corrected
 * under the cursor), otherwise `value`.
 */
function useTypedNumber(value: number) {
  const [text, setText] = useState(String(value));
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setText(String(value));
  }, [value, focused]);
  return { text, setText, setFocused };
}

/** The picked iteration's scope and status, and a jump to the next failed one. */
function IterationSummary({
  iterations,
  index,
  onPick,
}: Omit<StepperProps, 'inputId' | 'total'> & { iterations: readonly Iteration[] }) {
  const current = iterations[index]!;
  const total = iterations.length;
  const failedCount = iterations.reduce((n, it) => n + (it.status === 'failed' ? 1 : 0), 0);
  const nextFailed = failedCount > 0 ? nextFailedIteration(iterations, index) : -1;
  const nested = current.levels.length > 1;
  return (
    <p className="iter-picker-summary small" aria-live="polite" data-testid="iteration-summary">
      <span className="visually-hidden">
        Iteration {index + 1} of {total}
        {nested ? ` (${scopeLabel(current.scope)})` : ''}:{' '}
      </span>
      {nested ? <span className="iter-picker-path">{scopeLabel(current.scope)}</span> : null}
      <span className="muted" title="The step's scope: loop ids and $index values (0-based)">
        scope <code className="mono">{current.scope}</code>
      </span>
      {current.status === 'failed' ? <StatusBadge kind="step" status="failed" /> : null}
      {nextFailed >= 0 && nextFailed !== index ? (
        <button type="button" className="link-button small" onClick={() => onPick(nextFailed)}>
          Next failed ({failedCount})
        </button>
      ) : null}
    </p>
  );
}
