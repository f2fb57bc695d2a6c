import 'server-only';

/**
 * Headers every answer from `/api/hooks/:token` carries, whatever a `respond` node set.
 *
 * A hook reply is workflow-controlled content served from Weft's own origin: a `text/html`
 * body would otherwise run script with the signed-in owner's cookies when they open the link
 * (mint an API key, read workflows). `Content-Security-Policy: sandbox` makes the browser
 * treat the page as a unique opaque origin with scripts, forms, popups and plugins disabled,
 * so HTML replies still render (status, headers and body as the workflow chose) but can do
 * nothing on Weft's origin. A policy the workflow set is kept alongside ours (browsers
 * enforce every policy sent), so it can only tighten. `nosniff` stops a browser from
 * second-guessing the declared type (a `text/plain` body sniffed as HTML).
 */
export const HOOK_CSP = 'sandbox';

export function hardenHookResponse(res: Response): Response {
  try {
    res.headers.append('content-security-policy', HOOK_CSP);
    res.headers.set('x-content-type-options', 'nosniff');
    return res;
  } catch {
    // Immutable headers: copy into a response we own.
    const copy = new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
    copy.headers.append('content-security-policy', HOOK_CSP);
    copy.headers.set('x-content-type-options', 'nosniff');
    return copy;
  }
}
