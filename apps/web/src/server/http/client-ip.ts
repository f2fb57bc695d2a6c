import 'server-only';

/**
 * The client's address for audit records. A route handler's Request carries no socket,
 * so this comes from proxy headers, believed only with TRUST_PROXY (anyone can send them).
 */
export function clientIp(req: Request, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || req.headers.get('x-real-ip')?.trim() || null;
}
