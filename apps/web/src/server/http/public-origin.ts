import 'server-only';
import type { Config } from '@weft/config';

/**
 * The origin users reach Weft at: PUBLIC_URL when set, else the request's Host header (and
 * X-Forwarded-Proto/Host behind a trusted proxy). Not `req.url`, whose host is the address
 * the server bound to (e.g. 0.0.0.0).
 */
export function publicOrigin(req: Request, config: Pick<Config, 'publicUrl' | 'trustProxy'>): string {
  if (config.publicUrl) return config.publicUrl;
  const forwardedHost = config.trustProxy ? req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  const forwardedProto = config.trustProxy ? req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const host = forwardedHost || req.headers.get('host') || new URL(req.url).host;
  const proto = forwardedProto || new URL(req.url).protocol.replace(':', '');
  return `${proto}://${host}`;
}
