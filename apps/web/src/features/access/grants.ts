import type { ApiErrorDetail } from '@weft/contracts/client';
import type { Grant, Person, ManagedUser } from './types';

export const GRANT_FLAGS = [
  { key: 'canView', label: 'View' },
  { key: 'canEdit', label: 'Edit' },
  { key: 'canDelete', label: 'Delete' },
  { key: 'canExecute', label: 'Run' },
] as const;
export type GrantFlag = (typeof GRANT_FLAGS)[number]['key'];

/** The PUT body: the whole list, flags only (the server replaces every grant). */
export function toGrantsBody(rows: readonly Grant[]) {
  return {
    grants: rows.map((g) => ({
      userId: g.userId,
      canView: g.canView,
      canEdit: g.canEdit,
      canDelete: g.canDelete,
      canExecute: g.canExecute,
    })),
  };
}

/** A new grant for a picked user: view only, the least that lists the workflow for them. */
export function newGrant(user: Pick<ManagedUser, 'id' | 'email' | 'name' | 'role'>): Grant {
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    canView: true,
    canEdit: false,
    canDelete: false,
    canExecute: false,
  };
}

/** Users who could still be added: not the creator, not already granted, not deactivated. */
export function addableUsers(
  users: readonly ManagedUser[],
  creator: Person | null,
  rows: readonly Grant[],
): ManagedUser[] {
  const taken = new Set(rows.map((r) => r.userId));
  return users.filter((u) => u.active && u.id !== creator?.id && !taken.has(u.id));
}

export interface GrantErrors {
  /** Messages by row index (`body.grants.3.canEdit` → row 3, "Edit: …"). */
  rows: Map<number, string[]>;
  /** Messages naming no row (`body.grants`: a removed grant that had to stay). */
  general: string[];
}

const FLAG_LABEL = new Map<string, string>(GRANT_FLAGS.map((f) => [f.key, f.label]));

/** Sorts the server's `details` onto the rows they name, so each error shows next to its row. */
export function grantErrors(details: readonly ApiErrorDetail[]): GrantErrors {
  const rows = new Map<number, string[]>();
  const general: string[] = [];
  for (const d of details) {
    const message = d.message ?? 'is invalid';
    const m = /^body\.grants\.(\d+)(?:\.(\w+))?$/.exec(d.path ?? '');
    if (!m) {
      general.push(d.path === 'body.grants' || !d.path ? message : `${d.path} ${message}`);
      continue;
    }
    const index = Number(m[1]);
    const field = m[2];
    const text = field && FLAG_LABEL.has(field) ? `${FLAG_LABEL.get(field)}: ${message}` : message;
    rows.set(index, [...(rows.get(index) ?? []), text]);
  }
  return { rows, general };
}
