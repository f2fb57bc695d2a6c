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

/** One parameter, drawn by its JSON Schema kind; every input has a label. */
export function ParameterField({ nodeId, spec, value, scope, onChange, onBlur }: ParameterFieldProps) {
  const id = `param-${nodeId}-${spec.key}`;
  const hintId = spec.description ? `${id}-hint` : undefined;
  const set = (v: unknown) => onChange(spec.key, v);
  // A cleared optional field is unset, not '': a loop switched from `items` to `while` must
  // not keep an empty `items` (which reads as "set both", and '' is not an array).
  const setLoose = (v: unknown) => set(v === '' && !spec.required ? undefined : v);
  const label = (
    <label htmlFor={id} className="field-label">
      {spec.key}
      {spec.required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );

  let control;
  switch (spec.kind) {
    case 'enum':
      control = (
        <select
          id={id}
          className="input"
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
      break;
    case 'boolean':
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
          {hintId ? (
            <p id={hintId} className="field-hint">
              {spec.description}
            </p>
          ) : null}
        </div>
      );
    case 'number':
      control = (
        <input
          id={id}
          className="input"
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
      break;
    case 'keyValue':
      return (
        <div className="inspector-field">
          <span className="field-label" id={`${id}-label`}>
            {spec.key}
            {spec.required ? ' *' : ''}
          </span>
          {hintId ? (
            <p id={hintId} className="field-hint">
              {spec.description}
            </p>
          ) : null}
          <KeyValueEditor id={id} label={spec.key} value={value} scope={scope} onChange={set} onBlur={onBlur} />
        </div>
      );
    case 'stringList':
      return (
        <div className="inspector-field">
          <span className="field-label">
            {spec.key}
            {spec.required ? ' *' : ''}
          </span>
          {hintId ? (
            <p id={hintId} className="field-hint">
              {spec.description}
            </p>
          ) : null}
          <ListEditor id={id} label={spec.key} value={value} onChange={set} onBlur={onBlur} />
        </div>
      );
    case 'code':
      control = (
        <CodeEditor
          id={id}
          label={spec.key}
          value={typeof value === 'string' ? value : ''}
          onChange={set}
          onBlur={onBlur}
        />
      );
      break;
    default:
      control = (
        <ExpressionField
          id={id}
          value={value}
          loose={spec.kind === 'expression'}
          scope={scope}
          describedBy={hintId}
          onChange={spec.kind === 'expression' ? setLoose : set}
          onBlur={onBlur}
        />
      );
  }
  return (
    <div className="inspector-field">
      {label}
      {control}
      {hintId ? (
        <p id={hintId} className="field-hint">
          {spec.description}
        </p>
      ) : null}
    </div>
  );
}
