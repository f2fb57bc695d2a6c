'use client';

import type { ExpressionScope } from '@weft/engine';
import { CodeEditor } from './CodeEditor';
import { ExpressionField } from './ExpressionField';
import { KeyValueEditor } from './KeyValueEditor';
import { ListEditor } from './ListEditor';
import type { FieldSpec } from './schema-form';

interface ParameterFieldProps {
  nodeId: string;
  spec: FieldSpec;
  value: unknown;
  scope: ExpressionScope | null;
  onChange(key: string, value: unknown): void;
  onBlur(): void;
}

interface ControlProps {
  id: string;
  hintId: string | undefined;
  spec: FieldSpec;
  value: unknown;
  scope: ExpressionScope | null;
  set(value: unknown): void;
  onBlur(): void;
}

/** One parameter, drawn by its JSON Schema kind; every input has a label. */
export function ParameterField({ nodeId, spec, value, scope, onChange, onBlur }: ParameterFieldProps) {
  const id = `param-${nodeId}-${spec.key}`;
  const hintId = spec.description ? `${id}-hint` : undefined;
  const set = (v: unknown) => onChange(spec.key, v);
  const hint = hintId ? (
    <p id={hintId} className="field-hint">
      {spec.description}
    </p>
  ) : null;
  const label = (
    <label htmlFor={id} className="field-label">
      {spec.key}
      {spec.required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );

  if (spec.kind === 'boolean') {
    return (
      <div className="inspector-field inspector-check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => set(e.target.checked)}
          onBlur={onBlur}
          aria-describedby={hintId}
        />
        {label}
        {hint}
      </div>
    );
  }
  if (spec.kind === 'keyValue' || spec.kind === 'stringList') {
    // A group of inputs: named by a caption, not a <label> (each row labels its own inputs).
    return (
      <div className="inspector-field">
        <span className="field-label" id={spec.kind === 'keyValue' ? `${id}-label` : undefined}>
          {spec.key}
          {spec.required ? ' *' : ''}
        </span>
        {hint}
        {spec.kind === 'keyValue' ? (
          <KeyValueEditor id={id} label={spec.key} value={value} scope={scope} onChange={set} onBlur={onBlur} />
        ) : (
          <ListEditor id={id} label={spec.key} value={value} onChange={set} onBlur={onBlur} />
        )}
      </div>
    );
  }
  return (
    <div className="inspector-field">
      {label}
      <FieldControl id={id} hintId={hintId} spec={spec} value={value} scope={scope} set={set} onBlur={onBlur} />
      {hint}
    </div>
  );
}

/** The single input of a labelled field: a select, a number, code, or a JSON/expression field. */
function FieldControl({ id, hintId, spec, value, scope, set, onBlur }: ControlProps) {
  switch (spec.kind) {
    case 'enum':
      return (
        <select
          id={id}
          className="input ui-control"
          value={value === undefined ? '' : String(value)}
          onChange={(e) => set(e.target.value)}
          onBlur={onBlur}
          aria-describedby={hintId}
        >
          {value === undefined ? <option value="">—</option> : null}
          {spec.options?.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'number':
      return (
        <input
          id={id}
          className="input ui-control"
          type="number"
          min={spec.schema.minimum}
          max={spec.schema.maximum}
          step={spec.schema.type === 'integer' ? 1 : 'any'}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))}
          onBlur={onBlur}
          aria-describedby={hintId}
        />
      );
    case 'code':
      return (
        <CodeEditor
          id={id}
          label={spec.key}
          value={typeof value === 'string' ? value : ''}
          onChange={set}
          onBlur={onBlur}
        />
      );
    default:
      return (
        <ExpressionInput id={id} hintId={hintId} spec={spec} value={value} scope={scope} set={set} onBlur={onBlur} />
      );
  }
}

function ExpressionInput({ id, hintId, spec, value, scope, set, onBlur }: ControlProps) {
  const loose = spec.kind === 'expression';
  // A cleared optional field is unset, not '': a loop switched from `items` to `while` must
  // not keep an empty `items` (which reads as "set both", and '' is not an array).
  const setLoose = (v: unknown) => set(v === '' && !spec.required ? undefined : v);
  return (
    <ExpressionField
      id={id}
      value={value}
      loose={loose}
      scope={scope}
      describedBy={hintId}
      onChange={loose ? setLoose : set}
      onBlur={onBlur}
    />
  );
}
