import { CliError, EXIT } from './exit-codes';

/** The Weft HTTP API as the CLI uses it (docs/api.md), with an API key as the bearer token. */

/** `{ error: { code, message, details } }` from the server, with the HTTP status. */
export class ApiRequestError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly apiMessage: string,
    readonly details: unknown[],
    readonly request: string,
  ) {
    super(`${request} → ${status} ${code}: ${apiMessage}`, EXIT.api);
    this.name = 'ApiRequestError';
  }

  /** The message, then one line per detail naming its field (and node/edge). */
  describe(): string[] {
    return [this.message, ...this.details.map((d) => `  - ${describeDetail(d)}`)];
  }
}

function describeDetail(d: unknown): string {
  if (d === null || typeof d !== 'object') return String(d);
  const { path, message, nodeId, edgeId } = d as {
    path?: unknown;
    message?: unknown;
    nodeId?: unknown;
    edgeId?: unknown;
  };
  const where = [
    typeof nodeId === 'string' ? `node ${nodeId}` : null,
    typeof edgeId === 'string' ? `edge ${edgeId}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  return `${typeof path === 'string' && path ? `${path}: ` : ''}${typeof message === 'string' ? message : JSON.stringify(d)}${where ? ` [${where}]` : ''}`;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  activeVersion: number | null;
  latestVersion: number;
}
export interface WorkflowView extends WorkflowSummary {
  definition: unknown;
}
export interface Execution {
  id: string;
  workflowId: string;
  version: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'timed_out';
  output: unknown;
  error: { code?: string; message?: string; nodeId?: string | null } | null;
  errorNodeId: string | null;
  durationMs: number | null;
}
export interface Me {
  id: string;
  email: string;
  name: string;
  role: string;
  via: string;
}

type Fetch = typeof fetch;

export class WeftClient {
  readonly baseUrl: string;

  constructor(
    url: string,
    private readonly key: string,
    private readonly fetchImpl: Fetch = fetch,
  ) {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const label = `${method} ${path}`;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        redirect: 'manual',
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(
        `cannot reach ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
        EXIT.unreachable,
      );
    }
    const text = await res.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
    }
    if (!res.ok) {
      const e = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
      if (e && typeof e.code === 'string') {
        throw new ApiRequestError(
          res.status,
          e.code,
          typeof e.message === 'string' ? e.message : '',
          Array.isArray(e.details) ? e.details : [],
          label,
        );
      }
      // Not a Weft error body: a proxy, or a URL that is not a Weft server.
      throw new ApiRequestError(
        res.status,
        `HTTP_${res.status}`,
        `not a Weft API answer (is ${this.baseUrl} the server's address?)`,
        [],
        label,
      );
    }
    if (res.status !== 204 && data === undefined) {
      throw new ApiRequestError(
        res.status,
        'NOT_JSON',
        `the answer is not JSON (is ${this.baseUrl} the server's address?)`,
        [],
        label,
      );
    }
    return data as T;
  }

  me() {
    return this.request<Me>('GET', '/api/auth/me');
  }

  /** Every workflow the key may view (all pages), optionally filtered by `search` (a name substring). */
  async listWorkflows(search?: string): Promise<WorkflowSummary[]> {
    const out: WorkflowSummary[] = [];
    let cursor: string | null = null;
    do {
      const q = new URLSearchParams({ limit: '500' });
      if (search) q.set('search', search);
      if (cursor) q.set('cursor', cursor);
      const page: { items: WorkflowSummary[]; nextCursor: string | null } = await this.request(
        'GET',
        `/api/workflows?${q}`,
      );
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  getWorkflow(id: string) {
    return this.request<WorkflowView>('GET', `/api/workflows/${encodeURIComponent(id)}`);
  }
  createWorkflow(definition: unknown, message?: string) {
    return this.request<WorkflowView>('POST', '/api/workflows', { definition, ...(message ? { message } : {}) });
  }
  saveWorkflow(id: string, definition: unknown, message?: string) {
    return this.request<WorkflowView>('PUT', `/api/workflows/${encodeURIComponent(id)}`, {
      definition,
      ...(message ? { message } : {}),
    });
  }
  deleteWorkflow(id: string) {
    return this.request<void>('DELETE', `/api/workflows/${encodeURIComponent(id)}`);
  }
  activate(id: string, version: number) {
    return this.request<WorkflowSummary>('POST', `/api/workflows/${encodeURIComponent(id)}/activate`, { version });
  }
  importWorkflow(document: unknown) {
    return this.request<WorkflowView>('POST', '/api/workflows/import', document);
  }
  exportWorkflow(id: string, version?: number) {
    return this.request<unknown>(
      'GET',
      `/api/workflows/${encodeURIComponent(id)}/export${version ? `?version=${version}` : ''}`,
    );
  }
  run(id: string, body: { input?: unknown; version?: number }) {
    return this.request<{ executionId: string }>('POST', `/api/workflows/${encodeURIComponent(id)}/run`, body);
  }
  /** The execution without its steps (one step per page is the least the API pages). */
  getExecution(id: string) {
    return this.request<Execution>('GET', `/api/executions/${encodeURIComponent(id)}?limit=1`);
  }
}
