import { createApiClient } from '@weft/contracts/client';
import { describe, expect, it } from 'vitest';
import { httpDetailsOf, otherDetailsOf } from '../../src/features/executions/error-details';
import {
  entriesOf,
  formatPrimitive,
  isExpandedByDefault,
  kindOf,
  previewString,
  summarize,
  toPrettyJson,
} from '../../src/features/executions/json-tree';
import {
  executionsQuery,
  parseStatusFilter,
  STATUS_FILTER,
  toggleStatus,
} from '../../src/features/executions/status-filter';
import { nextSearch } from '../../src/lib/url-filters';

describe('JSON tree helpers', () => {
  it('classifies values', () => {
    expect([{}, [], 'x', 1, true, null, undefined].map(kindOf)).toEqual([
      'object',
      'array',
      'string',
      'number',
      'boolean',
      'null',
      'null',
    ]);
  });

  it('collapses nodes deeper than 2 by default', () => {
    expect([0, 1, 2, 3].map(isExpandedByDefault)).toEqual([true, true, true, false]);
  });

  it('summarizes containers and lists entries', () => {
    expect(summarize({ a: 1, b: 2 })).toBe('{ 2 keys }');
    expect(summarize([1])).toBe('[ 1 item ]');
    expect(entriesOf(['x', 'y'])).toEqual([
      ['0', 'x'],
      ['1', 'y'],
    ]);
  });

  it('quotes strings and truncates long ones until expanded', () => {
    expect(formatPrimitive('a"b')).toBe('"a\\"b"');
    expect(formatPrimitive(12)).toBe('12');
    expect(formatPrimitive(undefined)).toBe('null');
    const long = 'x'.repeat(300);
    const cut = previewString(long, false, 10);
    expect(cut).toEqual({ text: `"${'x'.repeat(10)}…"`, truncated: true });
    expect(previewString(long, true, 10).truncated).toBe(false);
    expect(previewString('short', false, 10).text).toBe('"short"');
  });

  it('copies pretty JSON', () => {
    expect(toPrettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(toPrettyJson(undefined)).toBe('null');
  });
});

describe('error details', () => {
  it('reads HTTP details and leaves the rest', () => {
    const err = {
      code: 'HTTP_ERROR',
      message: 'HTTP 502',
      details: { status: 502, headers: { 'content-type': 'text/plain' }, body: 'bad gateway', url: 'https://x' },
    };
    expect(httpDetailsOf(err)).toEqual({ status: 502, headers: { 'content-type': 'text/plain' }, body: 'bad gateway' });
    expect(otherDetailsOf(err)).toEqual({ url: 'https://x' });
    expect(httpDetailsOf({ code: 'TIMEOUT', message: 't' })).toBeNull();
    expect(httpDetailsOf(null)).toBeNull();
  });
});

describe('status filter', () => {
  it('parses repeated and comma-separated values, dropping unknown ones', () => {
    expect(parseStatusFilter(['failed,running', 'bogus', 'queued'])).toEqual(['queued', 'running', 'failed']);
  });

  it('toggles and writes the query string', () => {
    expect(toggleStatus(['failed'], 'running')).toEqual(['running', 'failed']);
    expect(toggleStatus(['failed'], 'failed')).toEqual([]);
    expect(nextSearch('?x=1&status=queued', STATUS_FILTER, { statuses: ['failed', 'timed_out'] })).toBe(
      '?x=1&status=failed%2Ctimed_out',
    );
    expect(nextSearch('status=queued', STATUS_FILTER, { statuses: [] })).toBe('');
  });

  it('builds the API URL', () => {
    const executionsUrl = (opts: Parameters<typeof executionsQuery>[0]) =>
      createApiClient().url('getExecutions', { query: executionsQuery(opts) });
    expect(executionsUrl({ workflowId: 'w', statuses: ['failed'], cursor: 'c', limit: 25 })).toBe(
      '/api/executions?workflowId=w&status=failed&cursor=c&limit=25',
    );
    expect(executionsUrl({ statuses: [], limit: 25 })).toBe('/api/executions?limit=25');
  });
});
