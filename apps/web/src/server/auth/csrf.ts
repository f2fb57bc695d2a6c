import 'server-only';
import type { Config } from '@weft/config';
import { ApiError } from '../http/errors';
import { isHttps } from './cookies';

/**
 * Cross-site request forgery checks for requests a browser could send on its own: an
 * unsafe method, carrying our cookie (or none: login CSRF signs a victim into the
 * attacker's account). `defineRoute` runs them unless a route opts out (public webhooks)
 * or the request presents an API key (browsers never attach Authorization cross-site).
 *
 * SameSite=Lax already keeps the cookie off cross-site POSTs in current browsers; this is
 * the check that doesn't depend on the browser's cookie policy (older browsers, a
 * same-site but cross-origin sibling subdomain, login CSRF where no cookie is involved).
 */

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// The content types an HTML form (or a no-preflight fetch) can send cross-site.
const FORM_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

export function isUnsafeMethod(method: string): boolean {
  return UNSAFE_METHODS.has(method.toUpperCase());
}

/** True for the CORS-"simple" content types, with or without parameters. */
export function isFormContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  return FORM_CONTENT_TYPES.has(contentType.split(';')[0]?.trim().toLowerCase() ?? '');
}

/** 415 for a form content type: our API only speaks JSON, and forms are how CSRF arrives. */
export function formContentTypeRefused(): ApiError {
  return new ApiError(
    'UNSUPPORTED_MEDIA_TYPE',
    'Form submissions are not accepted; send JSON with Content-Type: application/json',
  );
}

/**
 * Throws FORBIDDEN unless the request comes from this server's own origin:
 * `Sec-Fetch-Site: same-origin` (or `none`: typed by the user) passes; otherwise the
 * `Origin` header must equal the origin the request was made to. A request with neither
 * header is not from a browser (curl, scripts) and passes: every current browser sends
 * Sec-Fetch-Site on every request, and Origin on every cross-origin POST.
 */
export function assertSameOrigin(req: Request, config: Pick<Config, 'trustProxy' | 'publicUrl'>): void {
  const site = req.headers.get('sec-fetch-site')?.trim().toLowerCase();
  if (site === 'same-origin' || site === 'none') return;
  const origin = req.headers.get('origin');
  if (origin === null) {
    if (site === undefined) return;
    throw new ApiError(
      'FORBIDDEN',
      `Cross-site request refused: Sec-Fetch-Site is "${site.slice(0, 20)}" and no Origin header matches this server`,
    );
  }
  const given = originOf(origin);
  if (given !== null && ownOrigins(req, config).has(given)) return;
  throw new ApiError(
    'FORBIDDEN',
    `Cross-site request refused: the Origin header (${JSON.stringify(origin.slice(0, 100))}) does not match this server's origin. ` +
      'Behind a proxy, set PUBLIC_URL to the address users reach Weft at.',
  );
}

/**
 * Every origin this request could legitimately have been sent from: its URL, its Host
 * (the URL's host in Next is the bound address, e.g. 0.0.0.0), the forwarded host and
 * scheme behind a trusted proxy, and PUBLIC_URL.
 */
function ownOrigins(req: Request, config: Pick<Config, 'trustProxy' | 'publicUrl'>): Set<string> {
  const scheme = isHttps(req, config.trustProxy) ? 'https' : 'http';
  const forwardedHost = config.trustProxy ? req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  const host = req.headers.get('host')?.trim();
  const candidates = [
    req.url,
    forwardedHost ? `${scheme}://${forwardedHost}` : null,
    host ? `${scheme}://${host}` : null,
    config.publicUrl,
  ];
  const origins = new Set<string>();
  for (const candidate of candidates) {
    const origin = candidate ? originOf(candidate) : null;
    if (origin) origins.add(origin);
  }
  return origins;
}

/** `scheme://host[:port]`, lower-cased and without a default port; null when not a URL ("null" included). */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
