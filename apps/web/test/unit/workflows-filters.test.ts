import { createApiClient } from '@weft/contracts/client';
import { describe, expect, it } from 'vitest';
import {
  filterByLastRun,
  filtersFromParams,
  filtersToParams,
  hasActiveFilters,
  matchesLastRun,
  workflowsApiQuery,
} from '../../src/features/workflows/list-filters';
import type { ExecutionStatus } from '../../src/features/workflows/types';

function wf(id: string, status: ExecutionStatus | null) {
  return { id, lastExecution: status ? { id: `e-${id}`, status, createdAt: '2026-01-01T00:00:00.000Z' } : null };
}

const items = [
  wf('ok', 'succeeded'),
  wf('bad', 'failed'),
  wf('slow', 'timed_out'),
  wf('busy', 'running'),
  wf('waiting', 'queued'),
  wf('stopped', 'canceled'),
  wf('fresh', null),
];

describe('filtersFromParams', () => {
  it('reads q, active and last from the URL', () => {
    expect(filtersFromParams(new URLSearchParams('q=report&active=inactive&last=failed'))).toEqual({
      q: 'report',
      active: 'inactive',
      last: 'failed',
    });
  });

  it('falls back to the defaults for missing or unknown values', () => {
    expect(filtersFromParams(new URLSearchParams(''))).toEqual({ q: '', active: 'all', last: 'any' });
    expect(filtersFromParams(new URLSearchParams('active=maybe&last=exploded'))).toEqual({
      q: '',
      active: 'all',
      last: 'any',
    });
  });

  it('caps the search at the API limit of 200 characters', () => {
    expect(filtersFromParams(new URLSearchParams(`q=${'x'.repeat(300)}`)).q).toHaveLength(200);
  });
});

describe('filtersToParams', () => {
  it('omits defaults so a clean list has a clean URL', () => {
    expect(filtersToParams({ q: '  ', active: 'all', last: 'any' }).toString()).toBe('');
  });

  it('round-trips through the URL', () => {
    const filters = { q: 'a & b', active: 'active' as const, last: 'never' as const };
    expect(filtersFromParams(filtersToParams(filters))).toEqual(filters);
  });
});

describe('workflowsApiQuery', () => {
  it('maps the filters to search= and active=true|false', () => {
    const url = (...args: Parameters<typeof workflowsApiQuery>) =>
      createApiClient().url('getWorkflows', { query: workflowsApiQuery(...args) });
    expect(url({ q: ' nightly ', active: 'active' }, 25)).toBe('/api/workflows?search=nightly&active=true&limit=25');
    expect(url({ q: '', active: 'inactive' }, 25, 'c1')).toBe('/api/workflows?active=false&limit=25&cursor=c1');
    expect(url({ q: '', active: 'all' }, 50, null)).toBe('/api/workflows?limit=50');
  });
});

describe('last-execution filter (client-side)', () => {
  const ids = (filter: Parameters<typeof filterByLastRun>[1]) => filterByLastRun(items, filter).map((w) => w.id);

  it('"any" keeps everything, including never-run workflows', () => {
    expect(ids('any')).toEqual(items.map((w) => w.id));
  });

  it('groups statuses: failed includes timed out, running includes queued', () => {
    expect(ids('succeeded')).toEqual(['ok']);
    expect(ids('failed')).toEqual(['bad', 'slow']);
    expect(ids('running')).toEqual(['busy', 'waiting']);
  });

  it('"never" keeps only workflows without executions', () => {
    expect(ids('never')).toEqual(['fresh']);
    expect(matchesLastRun(wf('x', 'canceled'), 'never')).toBe(false);
  });

  it('a canceled last run only shows under "any"', () => {
    for (const f of ['succeeded', 'failed', 'running', 'never'] as const)
      expect(matchesLastRun(wf('x', 'canceled'), f)).toBe(false);
  });
});

describe('hasActiveFilters', () => {
  it('is false only for the defaults (blank search counts as none)', () => {
    expect(hasActiveFilters({ q: ' ', active: 'all', last: 'any' })).toBe(false);
    expect(hasActiveFilters({ q: 'x', active: 'all', last: 'any' })).toBe(true);
    expect(hasActiveFilters({ q: '', active: 'inactive', last: 'any' })).toBe(true);
    expect(hasActiveFilters({ q: '', active: 'all', last: 'never' })).toBe(true);
  });
});
