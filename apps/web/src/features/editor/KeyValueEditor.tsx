'use client';

import type { ExpressionScope } from '@weft/engine';
import { useEffect, useState } from 'react';
import { ExpressionField } from './ExpressionField';
import { rowsToRecord, toRows, type Row } from './key-value-rows';

interface KeyValueEditorProps {
  id: string;
  label: string;
  value: unknown;
  scope: ExpressionScope | null;
  onChange(value: Record<string, unknown>): void;
  onBlur(): void;
}

/**
 * Name → value rows (transform `fields`, http `headers`/`query`). Rows live locally so a
 * row with an empty or duplicate name can exist while it is being typed.
 */
export function KeyValueEditor({ id, label, value, scope, onChange, onBlur }: KeyValueEditorProps) {
  const [rows, setRows] = useState<Row[]>(() => toRows(value));
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setRows(toRows(value));
  }, [value, editing]);

  const commit = (next: Row[]) => {
    setRows(next);
    onChange(rowsToRecord(next));
  };

  return (
    <div
      className="kv-editor"
      role="group"
      aria-label={label}
      onFocus={() => setEditing(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) {
          setEditing(false);
          onBlur();
        }
      }}
    >
      {rows.map((row, i) => (
        <KeyValueRow
          key={i}
          id={id}
          label={label}
          index={i}
          row={row}
          scope={scope}
          onRow={(next) => commit(rows.map((r, j) => (j === i ? next : r)))}
          onRemove={() => commit(rows.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" className="button button-small" onClick={() => commit([...rows, { key: '', value: '' }])}>
        Add {label} entry
      </button>
    </div>
  );
}

/** One name → value row; its inputs are labelled "<label> name N" and "<label> value N". */
function KeyValueRow(p: {
  id: string;
  label: string;
  index: number;
  row: Row;
  scope: ExpressionScope | null;
  onRow(row: Row): void;
  onRemove(): void;
}) {
  const { id, label, index: i, row } = p;
  return (
    <div className="kv-row">
      <label className="visually-hidden" htmlFor={`${id}-k${i}`}>
        {label} name {i + 1}
      </label>
      <input
        id={`${id}-k${i}`}
        className="input ui-control input-mono kv-key"
        placeholder="name"
        value={row.key}
        onChange={(e) => p.onRow({ ...row, key: e.target.value })}
      />
      <label className="visually-hidden" htmlFor={`${id}-v${i}`}>
        {label} value {i + 1}
      </label>
      <div className="kv-value">
        <ExpressionField
          id={`${id}-v${i}`}
          value={row.value}
          loose={false}
          scope={p.scope}
          onChange={(v) => p.onRow({ ...row, value: v })}
          onBlur={() => undefined}
        />
      </div>
      <button type="button" className="icon-button" aria-label={`Remove ${label} row ${i + 1}`} onClick={p.onRemove}>
        ×
      </button>
    </div>
  );
}
