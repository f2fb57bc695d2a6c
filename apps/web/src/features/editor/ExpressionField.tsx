'use client';

import { evaluateTemplate, type ExpressionScope } from '@weft/engine';
import { useEffect, useState } from 'react';
import { highlightParts } from './expression-text';
import { formatLooseValue, parseLooseValue } from './schema-form';

interface ExpressionFieldProps {
  id: string;
  value: unknown;
  /** `loose`: the text may also be JSON (stored parsed); else it is stored as text. */
  loose: boolean;
  scope: ExpressionScope | null;
  describedBy?: string;
  invalid?: boolean;
  onChange(value: unknown): void;
  onBlur(): void;
}

/** A text field for literals and `{{ expressions }}`, with a highlighted echo and a live preview. */
export function ExpressionField({
  id,
  value,
  loose,
  scope,
  describedBy,
  invalid,
  onChange,
  onBlur,
}: ExpressionFieldProps) {
  // Local text while typing: `{"a": ` is not JSON yet and must not be reformatted under the cursor.
  const [text, setText] = useState(() => formatLooseValue(value));
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setText(formatLooseValue(value));
  }, [value, focused]);

  const hasExpr = text.includes('{{');
  // Chosen once: swapping <input> for <textarea> mid-typing would drop focus.
  const [multiline] = useState(() => text.length > 48 || text.includes('\n'));
  const common = {
    id,
    className: 'input ui-control input-mono',
    value: text,
    spellCheck: false,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false);
      onBlur();
    },
    onChange: (e: { target: { value: string } }) => {
      setText(e.target.value);
      onChange(loose ? parseLooseValue(e.target.value) : e.target.value);
    },
  };

  return (
    <div className="expr-field">
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {hasExpr ? (
        <div className="expr-echo" aria-hidden="true">
          {highlightParts(text).map((p, i) =>
            p.expr ? (
              <mark key={i} className="expr-mark">
                {p.text}
              </mark>
            ) : (
              <span key={i}>{p.text}</span>
            ),
          )}
        </div>
      ) : null}
      {hasExpr && scope ? <ExpressionPreview template={text} scope={scope} /> : null}
    </div>
  );
}

function ExpressionPreview({ template, scope }: { template: string; scope: ExpressionScope }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      evaluateTemplate(template, scope, { timeoutMs: 200, maxDepth: 100 })
        .then((v) => live && setResult({ ok: true, text: v === undefined ? 'undefined' : JSON.stringify(v) }))
        .catch((err: unknown) => live && setResult({ ok: false, text: (err as Error).message }));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [template, scope]);
  if (!result) return null;
  return (
    <div className={`expr-preview${result.ok ? '' : ' expr-preview-error'}`} aria-live="polite">
      <span className="muted">Last run → </span>
      <code>{result.text.length > 300 ? `${result.text.slice(0, 300)}…` : result.text}</code>
    </div>
  );
}
