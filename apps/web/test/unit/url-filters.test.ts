import { describe, expect, it } from 'vitest';
import { AUDIT_FILTERS } from '../../src/features/access/audit-query';
import { STATUS_FILTER, toggleStatus } from '../../src/features/executions/status-filter';
import type { ExecutionStatus } from '../../src/features/executions/types';
import { WORKFLOW_FILTERS } from '../../src/features/workflows/list-filters';
import { nextSearch } from '../../src/lib/url-filters';

// useUrlFilters builds each change from the URL as it is at that moment (issue 19, item 10).
describe('nextSearch', () => {
  it('builds a second change on the first: All, then Never run', () => {
    const first = nextSearch('?q=report&active=inactive', WORKFLOW_FILTERS, { active: 'all' });
    expect(first).toBe('?q=report');
    expect(nextSearch(first, WORKFLOW_FILTERS, { last: 'never' })).toBe('?q=report&last=never');
  });

  it('passes a function the filters as the URL has them (two toggles in a row)', () => {
    const toggle = (s: ExecutionStatus) => (cur: { statuses: ExecutionStatus[] }) => ({
      statuses: toggleStatus(cur.statuses, s),
    });
    const first = nextSearch('', STATUS_FILTER, toggle('failed'));
    expect(nextSearch(first, STATUS_FILTER, toggle('succeeded'))).toBe('?status=succeeded%2Cfailed');
    expect(nextSearch('?status=succeeded%2Cfailed', STATUS_FILTER, toggle('failed'))).toBe('?status=succeeded');
  });

  it('keeps parameters the filters do not own, and leaves defaults out', () => {
    expect(nextSearch('?tab=2&active=active', WORKFLOW_FILTERS, { active: 'all', q: '  ' })).toBe('?tab=2');
    expect(nextSearch('?action=auth.', AUDIT_FILTERS, { result: 'failure' })).toBe('?action=auth.&result=failure');
    expect(nextSearch('?action=auth.&result=failure', AUDIT_FILTERS, { action: '', result: '' })).toBe('');
  });

  it('reads unknown values as the defaults', () => {
    expect(AUDIT_FILTERS.read(new URLSearchParams('result=maybe&action=x'))).toEqual({ action: 'x', result: '' });
  });
});
