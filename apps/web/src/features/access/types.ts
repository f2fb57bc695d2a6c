/** Wire shapes of the access endpoints (docs/access.md); view types, not rows. */

import type { ApiKeyScope, Role } from '@weft/contracts';

export { API_KEY_SCOPES, ROLES, type ApiKeyScope, type Role } from '@weft/contracts';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface Person {
  id: string;
  email: string;
  name: string;
}

export interface Grant {
  userId: string;
  email: string;
  name: string;
  role?: Role;
  canView: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canExecute: boolean;
}

export interface GrantList {
  creator: Person | null;
  items: Grant[];
  nextCursor: null;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  active: boolean;
}

export interface AuditItem {
  id: string;
  createdAt: string;
  action: string;
  result: 'success' | 'failure';
  actor: Person | null;
  actorType: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
  ip: string | null;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
