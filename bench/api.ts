// Everything the bench sets up goes through the public HTTP API (SPEC §7), as a user would:
// first-run setup → session cookie → an API key → Bearer calls from then on.
import { createHmac } from 'node:crypto';

export interface Hook {
  id: string;
  token: string;
  secret: string;
  /** Path on the app's origin, e.g. /api/hooks/<token>. */
  path: string;
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  /** Imports a definition and activates it; returns the workflow id. */
  deploy(definition: unknown): Promise<string>;
  webhook(workflowId: string, settings: Record<string, unknown>): Promise<Hook>;
}

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ res: Response; data: T }> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return { res, data: (text ? JSON.parse(text) : null) as T };
}

export async function connect(baseUrl: string): Promise<Api> {
  const setup = await call<unknown>(
    baseUrl,
    'POST',
    '/api/auth/setup',
    {},
    { email: 'bench@example.test', password: 'bench password 123', name: 'Bench' },
  );
  const cookie = setup.res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error('POST /api/auth/setup set no session cookie');
  const { data: key } = await call<{ key: string }>(baseUrl, 'POST', '/api/api-keys', { cookie }, { name: 'bench' });
  const auth = { authorization: `Bearer ${key.key}` };

  const api: Api = {
    get: async (path) => (await call<never>(baseUrl, 'GET', path, auth)).data,
    post: async (path, body) => (await call<never>(baseUrl, 'POST', path, auth, body)).data,
    async deploy(definition) {
      const { id } = await api.post<{ id: string }>('/api/workflows/import', definition);
      await api.post(`/api/workflows/${id}/activate`, {});
      return id;
    },
    async webhook(workflowId, settings) {
      const h = await api.post<{ id: string; token: string; secret: string; url: string }>(
        `/api/workflows/${workflowId}/webhooks`,
        settings,
      );
      return { id: h.id, token: h.token, secret: h.secret, path: new URL(h.url).pathname };
    },
  };
  return api;
}

/** X-Weft-Signature for `body` (docs/webhooks.md): t=<unix>,v1=HMAC_SHA256(secret, "<t>.<token>.<body>"). */
export function signature(hook: Hook, body: string): string {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', hook.secret).update(`${t}.${hook.token}.${body}`).digest('hex')}`;
}
