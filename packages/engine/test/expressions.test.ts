import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  EngineError,
  evaluateTemplate,
  evaluateValue,
  hasExpression,
  splitTemplate,
  type ExpressionScope,
} from '../src';
import { checkTemplate } from '../src/expressions/evaluate';
import { isSingleExpression, TemplateSyntaxError } from '../src/expressions/segments';

/** SPEC §4: `{{ }}` segments are JSONata; one segment keeps its type, several interpolate. */

const SMALL = { timeoutMs: 50, maxDepth: 100 };

const ENGINE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const WATCHDOG_MS = 10_000;

/**
 * Evaluates a template in a child process (test/helpers/evaluate-in-child.ts) under a watchdog.
 * A runaway expression that the evaluator failed to stop would hang this very process (JSONata
 * runs on microtasks, so not even the test timeout fires); in a child it becomes a failure.
 */
function evaluateIsolated(
  template: string,
  opts = SMALL,
): { ok: boolean; code?: string; message?: string; value?: unknown; ms: number } {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ENGINE_DIR, 'test/helpers/evaluate-in-child.ts'), JSON.stringify({ template, opts })],
    {
      cwd: ENGINE_DIR,
      encoding: 'utf8',
      timeout: WATCHDOG_MS,
    },
  );
  if (child.error || child.signal)
    throw new Error(
      `runaway expression was not stopped: killed after ${WATCHDOG_MS} ms (${child.error?.message ?? child.signal})`,
    );
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

async function rejection(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return err as EngineError;
  }
  throw new Error('expected the evaluation to fail');
}

describe('splitTemplate', () => {
  it('splits text and expression segments, trimming expression sources', () => {
    expect(splitTemplate('Hello {{ $input.name }}!')).toEqual([
      { kind: 'text', text: 'Hello ' },
      { kind: 'expr', source: '$input.name', start: 6 },
      { kind: 'text', text: '!' },
    ]);
  });

  it('ends a segment at the `}}` that closes it, not at braces of an object constructor', () => {
    expect(splitTemplate("{{ {'a': {'b': 1}} }}")).toEqual([{ kind: 'expr', source: "{'a': {'b': 1}}", start: 0 }]);
    expect(splitTemplate("{{{'a':{'b':1}}}}")).toEqual([{ kind: 'expr', source: "{'a':{'b':1}}", start: 0 }]);
  });

  it('ignores braces inside string literals and comments', () => {
    expect(splitTemplate('{{ "}}" }}')).toEqual([{ kind: 'expr', source: '"}}"', start: 0 }]);
    expect(splitTemplate('{{ \'a}}b\' & "c\\"}}" }}x')).toEqual([
      { kind: 'expr', source: '\'a}}b\' & "c\\"}}"', start: 0 },
      { kind: 'text', text: 'x' },
    ]);
    expect(splitTemplate('{{ /* }} */ 1 }}')).toEqual([{ kind: 'expr', source: '/* }} */ 1', start: 0 }]);
  });

  it('throws TemplateSyntaxError with the position of an unclosed `{{`', () => {
    expect(() => splitTemplate('ab {{ 1 + 1')).toThrow(TemplateSyntaxError);
    expect(() => splitTemplate('ab {{ 1 + 1')).toThrow('unclosed "{{" at position 3');
    expect(() => splitTemplate('{{ "}} }}')).toThrow('unclosed "{{" at position 0');
  });

  it('hasExpression / isSingleExpression', () => {
    expect(hasExpression('a {{ b }}')).toBe(true);
    expect(hasExpression('a { b }')).toBe(false);
    expect(hasExpression(5)).toBe(false);
    expect(isSingleExpression(splitTemplate('  {{ 1 }}\n'))).toBe(true);
    expect(isSingleExpression(splitTemplate('{{ 1 }}{{ 2 }}'))).toBe(false);
    expect(isSingleExpression(splitTemplate('x{{ 1 }}'))).toBe(false);
  });
});

describe('checkTemplate', () => {
  it('returns nothing for valid templates', () => {
    expect(checkTemplate('{{ $input.a + 1 }}')).toEqual([]);
    expect(checkTemplate('plain text')).toEqual([]);
    expect(checkTemplate("x {{ {'a': [1, 2]} }} y {{ $vars.k }}")).toEqual([]);
  });

  it('reports each expression that does not parse, with the JSONata position', () => {
    expect(checkTemplate('{{ $input. }}')).toEqual([
      'expression "$input." does not parse: Unexpected end of expression (at 7)',
    ]);
    expect(checkTemplate('{{ 1 }} {{ ( }} {{ [ }}')).toHaveLength(2);
  });

  it('reports unclosed and empty segments', () => {
    expect(checkTemplate('a {{ 1 ')).toEqual(['unclosed "{{" at position 2']);
    expect(checkTemplate('{{}}')).toEqual(['empty expression "{{ }}"']);
  });
});

describe('evaluateTemplate: one segment keeps its type', () => {
  it.each([
    ['{{ 1 + 2 }}', 3],
    ['{{ 1.5 * 2 }}', 3],
    ['{{ "text" }}', 'text'],
    ['{{ true }}', true],
    ['{{ 1 > 2 }}', false],
    ['{{ null }}', null],
    ['{{ [1, "a", null] }}', [1, 'a', null]],
    ["{{ {'a': 1, 'b': [true]} }}", { a: 1, b: [true] }],
    ["  {{ {'a': {'b': 1}} }}  ", { a: { b: 1 } }],
  ])('%s → %j', async (template, expected) => {
    expect(await evaluateTemplate(template, {})).toStrictEqual(expected);
  });

  it('returns undefined for a path that matches nothing', async () => {
    expect(await evaluateTemplate('{{ $input.missing }}', { input: {} })).toBeUndefined();
  });

  it('returns plain JSON (JSONata sequences become arrays)', async () => {
    const v = await evaluateTemplate('{{ $input.items.v }}', { input: { items: [{ v: 1 }, { v: 2 }] } });
    expect(v).toStrictEqual([1, 2]);
    expect(Array.isArray(v)).toBe(true);
    expect(Object.keys(v as object)).toEqual(['0', '1']);
  });
});

describe('evaluateTemplate: several segments interpolate', () => {
  it.each([
    ['a {{ 1+1 }} b', {}, 'a 2 b'],
    ['{{ 1 }}{{ 2 }}', {}, '12'],
    ['{{ 1 }} {{ "x" }}', {}, '1 x'],
    ['n={{ $input.missing }};', { input: {} }, 'n=;'],
    ['v={{ null }}', {}, 'v='],
    ['v={{ true }}', {}, 'v=true'],
    ["o={{ {'a': 1} }}", {}, 'o={"a":1}'],
    ['l={{ [1, "b"] }}', {}, 'l=[1,"b"]'],
    ['s={{ $input.s }}', { input: { s: 'plain' } }, 's=plain'],
    ['no segments at all', {}, 'no segments at all'],
  ] as Array<[string, ExpressionScope, string]>)('%s → %j', async (template, scope, expected) => {
    expect(await evaluateTemplate(template, scope)).toBe(expected);
  });

  it('evaluates braces inside string literals', async () => {
    expect(await evaluateTemplate('{{ "}}" }}', {})).toBe('}}');
    expect(await evaluateTemplate('[{{ "{" & "}" }}]', {})).toBe('[{}]');
  });
});

describe('evaluateTemplate: bindings (SPEC §4)', () => {
  const scope: ExpressionScope = {
    input: { body: { a: 7, b: 5 } },
    inputs: [{ from: 'x' }, { from: 'y' }],
    trigger: { method: 'POST', path: '/hook' },
    nodes: { sum: { sum: 12 }, check: [1, 2] },
    vars: { region: 'eu', limit: 3 },
    item: { sku: 'A1' },
    index: 4,
    execution: { id: 'exec_9', workflowId: 'wf_3', startedAt: '2024-05-01T10:00:00.000Z' },
  };

  it.each([
    ['{{ $input.body.a + $input.body.b }}', 12],
    ['{{ $inputs[1].from }}', 'y'],
    ['{{ $count($inputs) }}', 2],
    ['{{ $trigger.method & " " & $trigger.path }}', 'POST /hook'],
    ['{{ $nodes.sum.sum * 2 }}', 24],
    ['{{ $nodes.check }}', [1, 2]],
    ['{{ $vars.region }}', 'eu'],
    ['{{ $vars.limit + 1 }}', 4],
    ['{{ $item.sku }}', 'A1'],
    ['{{ $index }}', 4],
    ['{{ $execution.id }}', 'exec_9'],
    ['{{ $execution.workflowId }}', 'wf_3'],
    ['{{ $execution.startedAt }}', '2024-05-01T10:00:00.000Z'],
    ['{{ body.a }}', 7], // the input is also the context `$`
  ])('%s → %j', async (template, expected) => {
    expect(await evaluateTemplate(template, scope)).toStrictEqual(expected);
  });

  it('defaults $inputs to [], $nodes and $vars to {}', async () => {
    expect(await evaluateTemplate('{{ $count($inputs) }}', {})).toBe(0);
    expect(await evaluateTemplate('{{ $keys($nodes) }}', {})).toBeUndefined();
    expect(await evaluateTemplate('{{ $type($vars) }}', {})).toBe('object');
  });

  it('does not leak bindings between evaluations', async () => {
    expect(await evaluateTemplate('{{ $vars.region }}', { vars: { region: 'us' } })).toBe('us');
    expect(await evaluateTemplate('{{ $vars.region }}', { vars: {} })).toBeUndefined();
  });
});

describe('evaluateValue', () => {
  it('recurses into objects and arrays, leaving literals alone', async () => {
    const params = {
      url: 'https://api.test/{{ $input.id }}',
      count: '{{ $input.n }}',
      headers: { 'x-a': '{{ $vars.k }}', 'x-b': 'static' },
      list: ['{{ 1 + 1 }}', 3, null, { deep: ['{{ $input.id & "!" }}'] }],
      flag: true,
      nothing: null,
    };
    const out = await evaluateValue(params, { input: { id: 'p7', n: 42 }, vars: { k: 'v' } });
    expect(out).toStrictEqual({
      url: 'https://api.test/p7',
      count: 42,
      headers: { 'x-a': 'v', 'x-b': 'static' },
      list: [2, 3, null, { deep: ['p7!'] }],
      flag: true,
      nothing: null,
    });
    expect(params.count).toBe('{{ $input.n }}'); // the definition is not mutated
  });

  it('names the parameter path in a runtime error', async () => {
    const err = await rejection(evaluateValue({ fields: { total: ['ok', '{{ $foo() }}'] } }, {}, SMALL, 'parameters'));
    expect(err.code).toBe('EXPRESSION_ERROR');
    expect(err.retryable).toBe(false);
    expect(err.message).toBe(
      'parameters.fields.total[1]: expression "$foo()" failed: Attempted to invoke a non-function (at 5)',
    );
  });

  it('names the path from the top-level key when no root path is given', async () => {
    const err = await rejection(evaluateValue({ body: { a: '{{ $number("x") }}' } }, {}, SMALL));
    expect(err.message.startsWith('body.a: expression "$number("x")" failed: ')).toBe(true);
  });

  it('throws EXPRESSION_ERROR for an unclosed segment', async () => {
    const err = await rejection(evaluateValue('{{ 1', {}, SMALL, 'condition'));
    expect(err.code).toBe('EXPRESSION_ERROR');
    expect(err.message).toBe('condition: unclosed "{{" at position 0');
  });
});

describe('evaluateTemplate: errors and limits', () => {
  it('a parse error is EXPRESSION_ERROR and names the expression', async () => {
    const err = await rejection(evaluateTemplate('{{ $input. }}', {}, SMALL));
    expect(err.code).toBe('EXPRESSION_ERROR');
    expect(err.message).toBe('expression "$input." does not parse: Unexpected end of expression (at 7)');
  });

  it('a runtime error is EXPRESSION_ERROR', async () => {
    const err = await rejection(evaluateTemplate('{{ "a" + 1 }}', {}, SMALL));
    expect(err.code).toBe('EXPRESSION_ERROR');
    expect(err.message.startsWith('expression ""a" + 1" failed: ')).toBe(true);
  });

  // JSONata optimises tail calls, so endless tail recursion never overflows the stack: only the
  // time budget stops it, as it stops a huge loop over a range.
  it.each([
    { what: 'endless tail recursion', expr: '($f := function($x){ $f($x + 1) }; $f(0))', withinMs: 1_000 },
    { what: 'a huge loop over a range', expr: '$count($map([1..9999999], function($v){ $v * 2 }))', withinMs: 2_000 },
  ])('stops $what within the time budget with LIMIT_EXCEEDED naming it (not a hang)', ({ expr, withinMs }) => {
    const r = evaluateIsolated(`{{ ${expr} }}`);
    expect(r).toMatchObject({
      ok: false,
      code: 'LIMIT_EXCEEDED',
      message: `expression "${expr}" ran longer than 50 ms`,
    });
    expect(r.ms).toBeLessThan(withinMs);
  });

  it('stops deep non-tail recursion by depth', async () => {
    const err = await rejection(evaluateTemplate('{{ ($f := function($x){ 1 + $f($x + 1) }; $f(0)) }}', {}, SMALL));
    expect(err.code).toBe('EXPRESSION_ERROR');
    expect(err.message).toContain('Stack overflow');
  });

  it('the isolated evaluator reports ordinary results too (the harness is not always "failing")', () => {
    expect(evaluateIsolated('{{ $sum([1..10]) }}')).toMatchObject({ ok: true, value: 55 });
  });

  it('applies the budget per evaluation (a cached expression is not "already late")', async () => {
    const src = '{{ $sum($map([1..50], function($v){ $v })) }}';
    expect(await evaluateTemplate(src, {}, SMALL)).toBe(1275);
    await new Promise((r) => setTimeout(r, 60));
    expect(await evaluateTemplate(src, {}, SMALL)).toBe(1275);
  });
});
