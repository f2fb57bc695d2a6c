import 'server-only';

/** Name of the browser session cookie over plain http (httpOnly; its value is the session token). */
export const SESSION_COOKIE = 'weft_session';
/**
 * Its name over https. Browsers accept a `__Host-` cookie only with Secure, Path=/ and no
 * Domain, so a sibling subdomain (or a plain-http page on the same host) can neither set
 * nor overwrite it — a plain-named cookie could be planted that way (session fixation).
 */
export const SECURE_SESSION_COOKIE = '__Host-weft_session';

/** The session cookie's name for a request: `__Host-weft_session` over https, else `weft_session`. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** Reads one cookie from a request's `Cookie` header (no `next/headers`, so handlers run in tests too). */
export function readCookie(headers: Headers, name: string): string | null {
  const header = headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The session token a request carries. Over https only `__Host-weft_session` counts:
 * a plain `weft_session` there may have been planted by a sibling subdomain.
 */
export function readSessionToken(headers: Headers, secure: boolean): string | null {
  return readCookie(headers, sessionCookieName(secure));
}

interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

/** A `Set-Cookie` value for the session: httpOnly, SameSite=Lax, Path=/; over https Secure and `__Host-`. */
export function sessionCookie(token: string, { maxAgeSeconds, secure }: CookieOptions): string {
  const parts = [
    `${sessionCookieName(secure)}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

/** A `Set-Cookie` value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { maxAgeSeconds: 0, secure }) + '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
}

/**
 * Whether the client reached us over https. `X-Forwarded-Proto` is believed only with
 * TRUST_PROXY, since any client can send it. Without a URL (server components get only
 * `headers()`), the X-Forwarded-Proto that Next's own server fills in from the socket is
 * what there is — which is also what Next builds a route handler's `req.url` from.
 */
export function isHttps(req: { headers: Headers; url?: string }, trustProxy: boolean): boolean {
  const forwarded = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  if (trustProxy && forwarded) return forwarded === 'https';
  if (req.url === undefined) return forwarded === 'https';
  try {
    return new URL(req.url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Adds the session cookie to a response (login, setup). */
export function attachSessionCookie(
  res: Response,
  req: Request,
  session: { token: string; expiresAt: Date },
  trustProxy: boolean,
): Response {
  const maxAgeSeconds = Math.max(0, Math.ceil((session.expiresAt.getTime() - Date.now()) / 1000));
  res.headers.append('set-cookie', sessionCookie(session.token, { maxAgeSeconds, secure: isHttps(req, trustProxy) }));
  return res;
}

/** Adds a cookie-removing header to a response (logout). */
export function attachClearedSessionCookie(res: Response, req: Request, trustProxy: boolean): Response {
  res.headers.append('set-cookie', clearedSessionCookie(isHttps(req, trustProxy)));
  return res;
}
