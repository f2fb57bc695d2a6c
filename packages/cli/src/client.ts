import type { WorkflowListItem } from '@weft/contracts';
import {
  type ApiClient,
  ApiClientError,
  type CallInput,
  createApiClient,
  type JsonOperationId,
  OPERATIONS,
  type OutputOf,
} from '@weft/contracts/client';
import { CliError, EXIT } from './exit-codes';

/**
 * The Weft HTTP API as the CLI uses it (docs/api.md): the contract's typed client with an API
 * key as the bearer token. Every answer is parsed with the operation's schema; a failure becomes
 * a `CliError` with the CLI's exit codes.
 */

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
  const at = typeof path === 'string' && path ? `${path}: ` : '';
  const text = typeof message === 'string' ? message : JSON.stringify(d);
  return `${at}${text}${where ? ` [${where}]` : ''}`;
}

type Fetch = typeof fetch;

export class WeftClient {
  readonly baseUrl: string;
  private readonly api: ApiClient;

  constructor(url: string, key: string, fetchImpl?: Fetch) {
    this.baseUrl = url.replace(/\/+$/, '');
    this.api = createApiClient({
      baseUrl: this.baseUrl,
      fetch: fetchImpl,
      headers: { authorization: `Bearer ${key}` },
      init: { redirect: 'manual' },
    });
  }

  /** One call, its failures in the CLI's words: `PUT /api/workflows/… → 403 FORBIDDEN: …`. */
  private async call<K extends JsonOperationId>(id: K, input: CallInput<K>): Promise<OutputOf<K>> {
    try {
      return await this.api.call(id, ...([input] as [CallInput<K>]));
    } catch (err) {
      if (!(err instanceof ApiClientError)) throw err;
      const path = this.api.url(id, ...([input] as [CallInput<K>])).slice(this.baseUrl.length);
      const request = `${OPERATIONS[id].method.toUpperCase()} ${path}`;
      if (err.code === 'NETWORK_ERROR') {
        const cause = (err.cause as { cause?: { code?: string; message?: string }; message?: string }) ?? {};
        throw new CliError(
          `cannot reach ${this.baseUrl}: ${cause.cause?.code ?? cause.cause?.message ?? cause.message}`,
          EXIT.unreachable,
        );
      }
      // Not a Weft error body: a proxy, or a URL that is not a Weft server.
      if (err.code === 'HTTP_ERROR')
        throw new ApiRequestError(
          err.status,
          `HTTP_${err.status}`,
          `not a Weft API answer (is ${this.baseUrl} the server's address?)`,
          [],
          request,
        );
      throw new ApiRequestError(err.status, err.code, err.message, err.details, request);
    }
  }

  me() {
    return this.call('getAuthMe', {});
  }

  /** Every workflow the key may view (all pages), optionally filtered by `search` (a name substring). */
  async listWorkflows(search?: string): Promise<WorkflowListItem[]> {
    const out: WorkflowListItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call('getWorkflows', { query: { limit: 500, search, cursor } });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }

  getWorkflow(id: string) {
    return this.call('getWorkflowsById', { params: { id } });
  }
  createWorkflow(definition: unknown, message?: string) {
    return this.call('postWorkflows', { body: { definition, ...(message ? { message } : {}) } });
  }
  saveWorkflow(id: string, definition: unknown, message?: string) {
    return this.call('putWorkflowsById', { params: { id }, body: { definition, ...(message ? { message } : {}) } });
  }
  deleteWorkflow(id: string) {
    return this.call('deleteWorkflowsById', { params: { id } });
  }
  activate(id: string, version: number) {
    return this.call('postWorkflowsByIdActivate', { params: { id }, body: { version } });
  }
  importWorkflow(document: unknown) {
    return this.call('postWorkflowsImport', { body: document });
  }
  exportWorkflow(id: string, version?: number) {
    return this.call('getWorkflowsByIdExport', { params: { id }, query: { version } });
  }
  run(id: string, body: { input?: unknown; version?: number }) {
    return this.call('postWorkflowsByIdRun', { params: { id }, body });
  }
  /** The execution without its steps (one step per page is the least the API pages). */
  getExecution(id: string) {
    return this.call('getExecutionsById', { params: { id }, query: { limit: 1 } });
  }
}
