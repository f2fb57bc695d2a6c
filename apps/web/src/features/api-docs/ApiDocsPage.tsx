import { Fragment } from 'react';
import { PageHeader } from '@/ui/PageHeader';
import { InlineText } from './InlineText';
import { SchemaView, schemaTitle } from './SchemaView';
import {
  jsonSchemaOf,
  operationsByTag,
  securityLabel,
  typeLabel,
  type DocOperation,
  type OpenApiDocument,
} from './schema-text';
import './api-docs.css';

/**
 * The API reference: the OpenAPI document `GET /api/openapi.json` serves, rendered on the
 * server as plain HTML (docs/api.md says why no third-party viewer).
 */
export function ApiDocsPage({ doc }: { doc: OpenApiDocument }) {
  const groups = operationsByTag(doc);
  const [intro, ...rest] = (doc.info.description ?? '').split('\n\n');
  return (
    <section aria-labelledby="api-docs-title" className="apid-page">
      <PageHeader titleId="api-docs-title" title="API" lead={<DocumentLead intro={intro} doc={doc} />} />
      <div className="apid-layout">
        <nav className="apid-toc panel" aria-label="API sections">
          {groups.map((g) => (
            <Fragment key={g.tag}>
              <a href={`#tag-${slug(g.tag)}`} className="apid-toc-tag">
                {g.tag}
              </a>
              <ul>
                {g.operations.map((o) => (
                  <li key={o.op.operationId}>
                    <a href={`#${o.op.operationId}`}>
                      <span className={`apid-method apid-method-${o.method}`}>{o.method.toUpperCase()}</span>{' '}
                      {o.path.replace(/^\/api/, '')}
                    </a>
                  </li>
                ))}
              </ul>
            </Fragment>
          ))}
        </nav>
        <div className="apid-main">
          <div className="panel apid-intro">
            {rest.map((p) => (
              <Markdownish key={p} text={p} />
            ))}
          </div>
          {groups.map((g) => (
            <section key={g.tag} aria-labelledby={`tag-${slug(g.tag)}`} className="apid-group">
              <h2 id={`tag-${slug(g.tag)}`}>{g.tag}</h2>
              {g.operations.map((o) => (
                <OperationView key={o.op.operationId} doc={doc} operation={o} />
              ))}
            </section>
          ))}
        </div>
      </div>
    </section>
  );
}

function OperationView({ doc, operation: { method, path, op } }: { doc: OpenApiDocument; operation: DocOperation }) {
  const params = op.parameters ?? [];
  const body = jsonSchemaOf(op.requestBody?.content);
  return (
    <details className="panel apid-op" id={op.operationId} data-testid="api-operation">
      <summary>
        <span className={`apid-method apid-method-${method}`}>{method.toUpperCase()}</span>{' '}
        <code className="apid-path">{path}</code> <span className="apid-summary">{op.summary}</span>
      </summary>
      <div className="apid-op-body">
        {(op.description ?? '').split('\n\n').map((p) => (
          <Markdownish key={p} text={p} />
        ))}
        <p className="small">
          <strong>Authentication:</strong> {securityLabel(op)}
        </p>
        {params.length > 0 ? <ParametersTable doc={doc} params={params} /> : null}
        {body ? (
          <>
            <h3>
              Request body{' '}
              <span className="muted small">application/json{schemaTitle(body) ? ` · ${schemaTitle(body)}` : ''}</span>
            </h3>
            <SchemaView doc={doc} schema={body} />
          </>
        ) : null}
        <h3>Responses</h3>
        <Responses doc={doc} responses={op.responses} />
      </div>
    </details>
  );
}

type Operation = DocOperation['op'];

function ParametersTable({ doc, params }: { doc: OpenApiDocument; params: NonNullable<Operation['parameters']> }) {
  return (
    <>
      <h3>Parameters</h3>
      <table className="apid-table">
        <tbody>
          {params.map((p) => (
            <tr key={`${p.in}-${p.name}`}>
              <td>
                <code className="apid-name">{p.name}</code>
              </td>
              <td className="muted small">{p.in}</td>
              <td>
                <code className="apid-type-inline">{typeLabel(doc, p.schema)}</code>
                {p.required ? null : <span className="apid-optional">optional</span>}
              </td>
              <td className="small">{p.description ?? p.schema?.description ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Each status with its description; a success's schema folds open. */
function Responses({ doc, responses }: { doc: OpenApiDocument; responses: Operation['responses'] }) {
  return (
    <dl className="apid-responses">
      {Object.entries(responses).map(([status, r]) => {
        const schema = jsonSchemaOf(r.content);
        const other = r.content && !schema ? Object.keys(r.content)[0] : undefined;
        return (
          <div key={status} className="apid-response" data-status={status}>
            <dt>
              <span className={`apid-status apid-status-${status[0]}xx`}>{status}</span>
            </dt>
            <dd>
              <Markdownish text={r.description} />
              {other ? <p className="muted small">{other}</p> : null}
              {schema && Number(status) < 400 ? (
                <details>
                  <summary className="small">{schemaTitle(schema) ?? typeLabel(doc, schema)}</summary>
                  <SchemaView doc={doc} schema={schema} />
                </details>
              ) : schema ? (
                <p className="muted small">{schemaTitle(schema)}</p>
              ) : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** A paragraph of a description. */
function Markdownish({ text }: { text: string }) {
  return (
    <p>
      <InlineText text={text} />
    </p>
  );
}

function slug(tag: string): string {
  return tag.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** The page's lead: the document's own introduction, its versions, and where to download it. */
function DocumentLead({ intro, doc }: { intro: string | undefined; doc: OpenApiDocument }) {
  return (
    <>
      {intro} Version {doc.info.version}, OpenAPI {doc.openapi}:{' '}
      <a href="/api/openapi.json" download="weft-openapi.json">
        openapi.json
      </a>{' '}
      for code generators, Postman or Insomnia.
    </>
  );
}
