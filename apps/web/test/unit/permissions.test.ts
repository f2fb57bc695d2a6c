import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/http/errors';
import { createMemoryStore, newId } from '@weft/db/memory';
import {
  assertCan,
  can,
  visibilityFor,
  type WorkflowAction,
  type WorkflowGrant,
} from '../../src/server/auth/permissions';

const ACTIONS: WorkflowAction[] = ['view', 'edit', 'delete', 'execute'];
const owner = { id: 'u-owner', role: 'owner' as const };
const admin = { id: 'u-admin', role: 'admin' as const };
const member = { id: 'u-member', role: 'member' as const };

function grant(partial: Partial<WorkflowGrant>): WorkflowGrant {
  return { userId: member.id, canView: false, canEdit: false, canDelete: false, canExecute: false, ...partial };
}

describe('can', () => {
  const someoneElses = { createdById: 'u-other', permissions: [] };

  it('lets owners and admins do everything, even on others’ workflows', () => {
    for (const actor of [owner, admin]) {
      for (const action of ACTIONS) expect(can(actor, action, someoneElses)).toBe(true);
      expect(can(actor, 'delete', { createdById: null })).toBe(true);
    }
  });

  it('lets a member do everything to a workflow they created', () => {
    for (const action of ACTIONS) expect(can(member, action, { createdById: member.id })).toBe(true);
  });

  it('gives a member nothing on a workflow they neither created nor were granted', () => {
    for (const action of ACTIONS) expect(can(member, action, someoneElses)).toBe(false);
    for (const action of ACTIONS) expect(can(member, action, { createdById: null, permissions: null })).toBe(false);
  });

  it('follows a member’s grant exactly', () => {
    const wf = { createdById: 'u-other', permissions: [grant({ canView: true, canExecute: true })] };
    expect(can(member, 'view', wf)).toBe(true);
    expect(can(member, 'execute', wf)).toBe(true);
    expect(can(member, 'edit', wf)).toBe(false);
    expect(can(member, 'delete', wf)).toBe(false);
  });

  it('treats any grant as implying view', () => {
    const wf = { createdById: 'u-other', permissions: [grant({ canEdit: true })] };
    expect(can(member, 'view', wf)).toBe(true);
    expect(can(member, 'edit', wf)).toBe(true);
    expect(can(member, 'execute', wf)).toBe(false);
  });

  it('ignores grants that belong to other users', () => {
    const wf = { createdById: 'u-other', permissions: [grant({ userId: 'u-else', canView: true, canEdit: true })] };
    expect(can(member, 'view', wf)).toBe(false);
  });

  it('an all-false grant row gives nothing', () => {
    const wf = { createdById: 'u-other', permissions: [grant({})] };
    for (const action of ACTIONS) expect(can(member, action, wf)).toBe(false);
  });
});

describe('assertCan', () => {
  function codeOf(fn: () => void): string | null {
    try {
      fn();
      return null;
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      return (err as ApiError).code;
    }
  }

  it('passes when allowed', () => {
    expect(codeOf(() => assertCan(member, 'edit', { createdById: member.id }))).toBeNull();
  });

  it('hides workflows the caller may not view (NOT_FOUND, i.e. 404)', () => {
    expect(codeOf(() => assertCan(member, 'edit', { createdById: 'u-other' }))).toBe('NOT_FOUND');
    expect(codeOf(() => assertCan(member, 'view', { createdById: 'u-other' }))).toBe('NOT_FOUND');
  });

  it('is FORBIDDEN (403) when the caller may view but not act', () => {
    const wf = { createdById: 'u-other', permissions: [grant({ canView: true })] };
    expect(codeOf(() => assertCan(member, 'delete', wf))).toBe('FORBIDDEN');
    expect(new ApiError('FORBIDDEN', 'x').status).toBe(403);
    expect(new ApiError('NOT_FOUND', 'x').status).toBe(404);
  });
});

describe('visibilityFor', () => {
  it('filters a list exactly as can() decides, for every grant and action', async () => {
    const store = createMemoryStore();
    const other = newId();
    const ids = new Map<string, WorkflowGrant | null>();
    const add = async (createdById: string, g: WorkflowGrant | null) => {
      const wf = await store.workflows.createWithFirstVersion({
        name: 'wf',
        description: '',
        definition: {},
        message: null,
        createdById,
      });
      if (g) await store.workflows.replaceGrants(wf.id, [g]);
      ids.set(wf.id, g);
      return wf;
    };
    await add(member.id, null);
    await add(other, null);
    for (let bits = 0; bits < 16; bits++)
      await add(
        other,
        grant({ canView: !!(bits & 1), canEdit: !!(bits & 2), canDelete: !!(bits & 4), canExecute: !!(bits & 8) }),
      );
    for (const actor of [owner, member])
      for (const action of ACTIONS) {
        const listed = (await store.workflows.listVisible(visibilityFor(actor, action), {}, { limit: 100 })).items;
        const allowed = listed.map((w) => w.id).sort();
        const expected = [...ids.keys()].filter((id) => {
          const wf = store.tables.workflows.get(id)!;
          return can(actor, action, { createdById: wf.createdById, permissions: ids.get(id) ? [ids.get(id)!] : [] });
        });
        expect(allowed, `${actor.role} ${action}`).toEqual(expected.sort());
      }
  });
});
