'use client';

interface ListEditorProps {
  id: string;
  label: string;
  value: unknown;
  onChange(value: string[]): void;
  onBlur(): void;
}

/** A list of strings (switch `cases`): one input per item, add and remove. */
export function ListEditor({ id, label, value, onChange, onBlur }: ListEditorProps) {
  const items = Array.isArray(value) ? value.map(String) : [];
  return (
    <div className="list-editor" role="group" aria-label={label}>
      {items.map((item, i) => (
        <div className="kv-row" key={i}>
          <label className="visually-hidden" htmlFor={`${id}-${i}`}>
            {label} {i + 1}
          </label>
          <input
            id={`${id}-${i}`}
            className="input ui-control input-mono"
            value={item}
            onChange={(e) => onChange(items.map((x, j) => (j === i ? e.target.value : x)))}
            onBlur={onBlur}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${label} ${i + 1}`}
            onClick={() => onChange(items.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" className="button button-small" onClick={() => onChange([...items, ''])}>
        Add {label} item
      </button>
    </div>
  );
}
