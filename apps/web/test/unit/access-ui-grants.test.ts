import { describe, expect, it } from 'vitest';
import { addableUsers, grantErrors, newGrant, toGrantsBody } from '../../src/features/access/grants';
import type { Grant, ManagedUser } from '../../src/features/access/types';

const user = (id: string, over: Partial<ManagedUser> = {}): ManagedUser => ({
  id,
  email: `${id}@x.test`,
  name: id,
  role: 'member',
  createdAt: '2026-01-01T00:00:00Z',
  active: true,
  ...over,
});
const grant = (userId: string, over: Partial<Grant> = {}): Grant => ({
  userId,
  email: `${userId}@x.test`,
  name: userId,
  role: 'member',
  canView: true,
  canEdit: false,
  canDelete: false,
  canExecute: false,
  ...over,
});

describe('sharing dialog helpers', () => {
  it('sends the whole list with the four flags and nothing else', () => {
    expect(toGrantsBody([grant('a', { role: 'member', canExecute: true }), grant('b')])).toEqual({
      grants: [
        { userId: 'a', canView: true, canEdit: false, canDelete: false, canExecute: true },
        { userId: 'b', canView: true, canEdit: false, canDelete: false, canExecute: false },
      ],
    });
    expect(toGrantsBody([])).toEqual({ grants: [] });
  });

  it('a picked user starts with view only', () => {
    expect(newGrant(user('c'))).toMatchObject({
      userId: 'c',
      email: 'c@x.test',
      canView: true,
      canEdit: false,
      canDelete: false,
      canExecute: false,
    });
  });

  it('offers only active users who are neither the creator nor already granted', () => {
    const users = [user('creator'), user('granted'), user('off', { active: false }), user('free')];
    const offered = addableUsers(users, { id: 'creator', email: 'creator@x.test', name: 'creator' }, [
      grant('granted'),
    ]);
    expect(offered.map((u) => u.id)).toEqual(['free']);
  });

  it('puts each detail on the row it names, flag errors labelled by the checkbox', () => {
    const sorted = grantErrors([
      { path: 'body.grants.1.canEdit', message: "can't be changed by you" },
      { path: 'body.grants.1.userId', message: 'appears twice' },
      { path: 'body.grants.0.userId', message: 'is not a user' },
      { path: 'body.grants', message: 'must keep user u1' },
      { path: 'body.other', message: 'is odd' },
      { message: 'no path' },
    ]);
    expect(sorted.rows.get(0)).toEqual(['is not a user']);
    expect(sorted.rows.get(1)).toEqual(["Edit: can't be changed by you", 'appears twice']);
    expect(sorted.rows.size).toBe(2);
    expect(sorted.general).toEqual(['must keep user u1', 'body.other is odd', 'no path']);
  });

  it('labels the execute flag "Run", as the checkbox is', () => {
    expect(grantErrors([{ path: 'body.grants.2.canExecute', message: 'x' }]).rows.get(2)).toEqual(['Run: x']);
  });
});
