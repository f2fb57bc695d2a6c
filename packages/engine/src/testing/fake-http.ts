import { EngineError } from '../errors';
import type { HttpPort, HttpRequest, HttpResponse } from '../ports';

type Handler = (req: HttpRequest) => HttpResponse | Promise<HttpResponse>;

/** HttpPort fake: routes by "METHOD url-prefix"; records every request. */
export class FakeHttp implements HttpPort {
  readonly requests: HttpRequest[] = [];
  private readonly routes: Array<{ method: string; prefix: string; handler: Handler }> = [];

  on(method: string, urlPrefix: string, handler: Handler | HttpResponse): this {
    this.routes.push({
      method: method.toUpperCase(),
      prefix: urlPrefix,
      handler: typeof handler === 'function' ? handler : () => handler,
    });
    return this;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    this.requests.push(req);
    const route = this.routes.find((r) => r.method === req.method && req.url.startsWith(r.prefix));
    if (!route) throw new EngineError('NETWORK_ERROR', `no route for ${req.method} ${req.url}`, { retryable: true });
    return route.handler(req);
  }
}

export const jsonResponse = (status: number, body: unknown): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
