'use client';

import { useState } from 'react';
import {
  entriesOf,
  formatPrimitive,
  isContainer,
  isExpandedByDefault,
  kindOf,
  previewString,
  summarize,
  toPrettyJson,
} from './json-tree';
import './executions.css';

/**
 * A collapsible JSON viewer: objects and arrays expand (deeper than 2 levels start
 * collapsed), strings are quoted and long ones cut with "show more", and Copy puts the
 * pretty-printed JSON on the clipboard.
 */
export function JsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <div className="json-tree" aria-label={label} role="group">
      <CopyJsonButton value={value} label={label} />
      <div className="json-tree-body">
        <JsonNode value={value} depth={0} />
      </div>
    </div>
  );
}

function CopyJsonButton({ value, label }: { value: unknown; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(toPrettyJson(value));
      setState('copied');
    } catch {
      // Clipboard access needs a secure context and permission; say so rather than fail silently.
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" className="json-copy" onClick={() => void copy()} aria-label={`Copy ${label} as JSON`}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

function JsonNode({ value, depth, name }: { value: unknown; depth: number; name?: string }) {
  const [open, setOpen] = useState(() => isExpandedByDefault(depth));
  const key = name === undefined ? null : <span className="json-key">{name}: </span>;

  if (!isContainer(value)) {
    return (
      <div className="json-row">
        {key}
        <JsonPrimitive value={value} />
      </div>
    );
  }

  const entries = entriesOf(value);
  const [openBrace, closeBrace] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="json-row">
        {key}
        <span className="json-punct">{openBrace + closeBrace}</span>
      </div>
    );
  }
  return (
    <div className="json-row">
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span className="json-caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {key}
        {open ? (
          <span className="json-punct">{openBrace}</span>
        ) : (
          <span className="json-summary">{summarize(value)}</span>
        )}
      </button>
      {open ? (
        <>
          <div className="json-children">
            {entries.map(([k, v]) => (
              <JsonNode key={k} name={k} value={v} depth={depth + 1} />
            ))}
          </div>
          <span className="json-punct">{closeBrace}</span>
        </>
      ) : null}
    </div>
  );
}

function JsonPrimitive({ value }: { value: unknown }) {
  const [expanded, setExpanded] = useState(false);
  const kind = kindOf(value);
  if (kind !== 'string') return <span className={`json-${kind}`}>{formatPrimitive(value)}</span>;
  const { text, truncated } = previewString(String(value), expanded);
  return (
    <>
      <span className="json-string">{text}</span>
      {truncated || expanded ? (
        <button type="button" className="link-button json-more" onClick={() => setExpanded((e) => !e)}>
          {expanded ? 'show less' : 'show more'}
        </button>
      ) : null}
    </>
  );
}
