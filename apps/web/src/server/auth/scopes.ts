import type { ApiKeyScope } from '@weft/contracts';
import { ApiError, type ErrorDetail } from '../http/errors';
import type { AuthUser } from './auth-user';

/**
 * API key and JWT scopes (docs/access.md): what the credential may do, whatever its user's role
 * and grants allow. A session has no scopes — a person signed in is bounded by role and grants.
 */

type Caller = Pick<AuthUser, 'via' | 'scopes'>;

/** How refusals name the credential. */
export function credentialName(caller: Pick<AuthUser, 'via'>): string {
  return caller.via === 'jwt' ? 'token' : caller.via === 'api_key' ? 'API key' : 'session';
}

export function hasScope(caller: Caller, scope: ApiKeyScope): boolean {
  return caller.scopes === undefined || caller.scopes.includes(scope);
}

/** Throws FORBIDDEN naming the first scope in `needed` the caller's key or token lacks (and, in `detail`, the field that asked for it). */
export function assertScopes(
  caller: Caller,
  needed: readonly ApiKeyScope[],
  detail?: Omit<ErrorDetail, 'message'>,
): void {
  const missing = needed.find((s) => !hasScope(caller, s));
  if (!missing) return;
  const message = `This ${credentialName(caller)} lacks the ${missing} scope (it has: ${caller.scopes?.join(', ') || 'none'})`;
  throw new ApiError('FORBIDDEN', message, detail ? [{ ...detail, message: `needs the ${missing} scope` }] : undefined);
}
