import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../src';

// Durations and counts in a definition stop at 2^31 − 1 (issue 19, item 4): past it Node's
// setTimeout fires at once (a node with timeoutMs 3e9 "timed out" after 1 ms), and a workflow
// deadline of 9e15 s is no date at all, so the run could not even record it.
const MAX = 2_147_483_647;

function withSettings(nodeSettings: Record<string, unknown>, workflowSettings: Record<string, unknown> = {}) {
  return {
    name: 'Bounds',
    nodes: [
      { id: 'start', type: 'trigger', parameters: {} },
      { id: 'n', type: 'transform', parameters: { fields: { a: '1' } }, settings: nodeSettings },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'n' }],
    settings: workflowSettings,
  };
}

describe('definition integers are bounded', () => {
  it.each([
    ['node timeoutMs', withSettings({ timeoutMs: MAX + 1 }), 'settings.timeoutMs'],
    ['retry backoffMs', withSettings({ retry: { backoffMs: MAX + 1 } }), 'settings.retry.backoffMs'],
    [
      'retry maxBackoffMs',
      withSettings({ retry: { maxBackoffMs: 9_007_199_254_740_991 } }),
      'settings.retry.maxBackoffMs',
    ],
    ['workflow timeoutSeconds', withSettings({}, { timeoutSeconds: 9_007_199_254_740_991 }), 'settings.timeoutSeconds'],
    ['workflow maxParallelNodes', withSettings({}, { maxParallelNodes: MAX + 1 }), 'settings.maxParallelNodes'],
  ])('%s past 2^31 − 1 is a validation error naming it', (_, definition, path) => {
    const r = validateDefinition(definition);
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.path)).toContainEqual(expect.stringContaining(path));
    expect(r.errors.map((e) => e.message).join(' ')).toContain(String(MAX));
  });

  it('2^31 − 1 itself is accepted', () => {
    const r = validateDefinition(
      withSettings(
        { timeoutMs: MAX, retry: { backoffMs: MAX, maxBackoffMs: MAX } },
        { timeoutSeconds: MAX, maxParallelNodes: MAX },
      ),
    );
    expect(r.errors).toEqual([]);
  });
});
