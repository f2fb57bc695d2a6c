/**
 * Ports: every effect a node or the executor needs reaches it through these interfaces,
 * so the engine itself does no I/O. The worker passes real adapters; tests pass fakes.
 */

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpPort {
  /**
   * Performs the request, following redirects. Throws EngineError NETWORK_ERROR / TIMEOUT
   * (retryable), LIMIT_EXCEEDED (body too big), SANDBOX_VIOLATION (a non-public address),
   * HTTP_ERROR (too many redirects, a bad Location) or VALIDATION_ERROR (not http/https).
   */
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const systemClock: Clock = { now: () => new Date() };

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
