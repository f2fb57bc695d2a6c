import type { User } from '@weft/contracts';
import type { Role } from '@weft/db';

/** Who is calling, as route handlers see it (never the row: no password hash here). */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** How the request authenticated. */
  via: 'session' | 'api_key' | 'jwt';
  sessionId?: string;
  apiKeyId?: string;
  /** An API key's (or a JWT's `scope` claim's) scopes; absent for a session (a person signed in may do what their role allows). */
  scopes?: ReadonlyArray<'read' | 'write' | 'execute'>;
  /** When the API key or JWT stops working; absent for a session and a key without expiry. Keys it mints may not outlive it. */
  expiresAt?: Date;
  /**
   * Set when this request slid the session's expiry forward: the response re-sends the
   * cookie (same token) with a fresh Max-Age so the browser keeps it as long.
   */
  sessionRenewal?: { token: string; maxAgeSeconds: number };
}

/** The public view of a user (SPEC §7: `{ id, email, name, role }`): the contract's `User`. */
export type UserView = User;

export function toUserView(user: { id: string; email: string; name: string; role: Role; createdAt: Date }): UserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() };
}

export function isAdmin(user: { role: Role }): boolean {
  return user.role === 'owner' || user.role === 'admin';
}
