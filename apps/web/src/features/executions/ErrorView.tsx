import { httpDetailsOf, otherDetailsOf } from './error-details';
import { JsonTree } from './JsonTree';
import type { ExecutionError } from './types';

/** A step's error: code and message up front; HTTP response and details below. */
export function ErrorView({ error }: { error: ExecutionError }) {
  const http = httpDetailsOf(error);
  const other = otherDetailsOf(error);
  return (
    <div className="step-error" data-testid="step-error">
      <p>
        <code className="exec-error-code">{error.code}</code>{' '}
        <span className="exec-error-message">{error.message}</span>
      </p>
      {http ? (
        <div className="step-http">
          {http.status !== null ? (
            <p className="small">
              HTTP status <strong>{http.status}</strong>
            </p>
          ) : null}
          {http.headers ? (
            <details>
              <summary>Response headers</summary>
              <JsonTree value={http.headers} label="Response headers" />
            </details>
          ) : null}
          {http.body !== undefined ? (
            <details open>
              <summary>Response body</summary>
              <JsonTree value={http.body} label="Response body" />
            </details>
          ) : null}
        </div>
      ) : null}
      {other ? (
        <details>
          <summary>Details</summary>
          <JsonTree value={other} label="Error details" />
        </details>
      ) : null}
    </div>
  );
}
