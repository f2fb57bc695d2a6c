import { InlineText } from './InlineText';
import {
  fieldsOf,
  refName,
  resolve,
  typeLabel,
  withoutNull,
  type JsonSchema,
  type OpenApiDocument,
} from './schema-text';

/**
 * A schema as a nested field list: each field's name, type, whether it is required, and its
 * description; object fields open to show theirs. Plain HTML (`<details>`), no client code.
 */
export function SchemaView({ doc, schema, depth = 0 }: { doc: OpenApiDocument; schema: JsonSchema; depth?: number }) {
  const fields = fieldsOf(doc, schema);
  const own = resolve(doc, withoutNull(resolve(doc, schema)).schema);
  if (fields.length === 0) {
    return (
      <p className="apid-type">
        <code>{typeLabel(doc, schema)}</code>
        {own.description ? (
          <span className="muted">
            {' — '}
            <InlineText text={own.description} />
          </span>
        ) : null}
      </p>
    );
  }
  return (
    <ul className="apid-fields" data-testid={depth === 0 ? 'api-schema' : undefined}>
      {fields.map((f) => (
        <Field key={f.name} doc={doc} name={f.name} schema={f.schema} required={f.required} depth={depth} />
      ))}
    </ul>
  );
}

function Field({
  doc,
  name,
  schema,
  required,
  depth,
}: {
  doc: OpenApiDocument;
  name: string;
  schema: JsonSchema;
  required: boolean;
  depth: number;
}) {
  const inner = withoutNull(schema).schema;
  const target = inner.type === 'array' && inner.items ? inner.items : inner;
  const nested = depth < 5 && fieldsOf(doc, target).length > 0;
  const description = schema.description ?? inner.description ?? resolve(doc, target).description;
  const head = (
    <>
      <code className="apid-name">{name}</code> <code className="apid-type-inline">{typeLabel(doc, schema)}</code>
      {required ? null : <span className="apid-optional">optional</span>}
      {description ? (
        <span className="apid-desc">
          {' '}
          <InlineText text={description} />
        </span>
      ) : null}
    </>
  );
  if (!nested) return <li className="apid-field">{head}</li>;
  return (
    <li className="apid-field">
      <details>
        <summary>{head}</summary>
        <SchemaView doc={doc} schema={target} depth={depth + 1} />
      </details>
    </li>
  );
}

export function schemaTitle(schema: JsonSchema): string | null {
  return schema.$ref ? refName(schema.$ref) : null;
}
