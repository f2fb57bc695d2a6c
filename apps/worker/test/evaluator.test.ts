import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EngineError,
  NonRetryableError,
  evaluateValue,
  type ExpressionOptions,
  type ExpressionScope,
} from '@weft/engine';
import { createThreadedEvaluator, type ThreadedEvaluator } from '../src/evaluator/threaded-evaluator';

/**
 * The threaded evaluator against real worker threads (no mocks): it must answer exactly as
 * the engine's in-thread evaluateValue does, and stop what evaluateValue cannot.
 *
 * BOMB: JSONata checks its timeout only when it enters evaluate(), and `$distinct` compares
 * each item with every earlier one inside one built-in call. In this thread, evaluateValue
 * with timeoutMs 1000 took 34 s on the 2-core CI machine and then *resolved* (200000) — no
 * LIMIT_EXCEEDED at all; `$distinct([1..5000000])` was still running after 60 s. So each test
 * below that uses it fails against an in-thread implementation: it would not reject, would
 * not reject in time, and would block every other evaluation until it finished.
 */
const BOMB = '{{ $count($distinct([1..200000])) }}';
const OPTS: ExpressionOptions = { timeoutMs: 1_000, maxDepth: 500 };
const THREAD_ENTRY_DIR = fileURLToPath(new URL('../src/evaluator/', import.meta.url));

const scope: ExpressionScope = {
  input: { a: 1, b: 2, name: 'Ada', items: [1, 2, 3], nested: { deep: [{ k: 'v' }] } },
  inputs: [{ a: 1 }, { a: 5 }],
  trigger: { body: { id: 42, tags: ['x', 'y'] }, headers: { 'content-type': 'application/json' } },
  nodes: {
    http1: { status: 200, body: { users: [{ name: 'A' }, { name: 'B' }] } },
    'my node': { ok: true },
    other: { big: 'x'.repeat(1_000) },
    ...JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"c": 1}}'),
  },
  vars: { region: 'eu', limit: 10 },
  item: { sku: 'S1' },
  index: 3,
  execution: { id: 'exec-1', workflowId: 'wf-1', startedAt: '2024-01-01T00:00:00.000Z' },
};

/** Parameter values whose results must equal evaluateValue's, byte for byte and type for type. */
const VALUES: Array<[string, unknown]> = [
  ['a single segment keeps its type (number)', '{{ $input.a + $input.b }}'],
  ['a single segment keeps its type (object)', '{{ $input.nested }}'],
  ['a single segment keeps its type (array)', '{{ $input.items }}'],
  ['a single segment keeps its type (boolean)', '{{ $nodes.`my node`.ok }}'],
  ['a missing value stays undefined', '{{ $input.missing }}'],
  ['interpolation', 'Hello {{ $input.name }}, you have {{ $count($input.items) }} items and {{ $input.nested }}'],
  ['surrounding whitespace around one segment', '  {{ $input.a }}  '],
  ['$nodes.x', '{{ $nodes.http1.body.users.name }}'],
  ['$nodes as a whole', '{{ $keys($nodes) }}'],
  ['$nodes through a variable', '{{ ($n := $nodes; $n.http1.status) }}'],
  ['$nodes with a computed id', '{{ $lookup($nodes, "my " & "node").ok }}'],
  ['$nodes.__proto__ and constructor are own keys', '{{ [$nodes.__proto__.polluted, $nodes.constructor.c] }}'],
  ['$nodes.$lookup is not a field step', '{{ $nodes.$lookup($, "http1").status }}'],
  ['$eval reaches any binding', '{{ $eval("$" & "vars.region") }}'],
  ['$trigger', '{{ $trigger.body.tags[1] }}'],
  ['$vars', 'region={{ $vars.region }} limit={{ $vars.limit }}'],
  ['$inputs, $item, $index, $execution', '{{ [$inputs[1].a, $item.sku, $index, $execution.workflowId] }}'],
  ['the context $ and bare paths', '{{ $$.a & "-" & name & "-" & $.b }}'],
  ['text without expressions', 'plain text'],
  [
    'objects and arrays of params',
    {
      url: 'https://api.example.com/{{ $vars.region }}/users/{{ $trigger.body.id }}',
      headers: { 'x-count': '{{ $count($nodes.http1.body.users) }}', fixed: 'v' },
      list: ['{{ $input.a }}', 2, null, true, ['{{ $index }}']],
      n: 5,
    },
  ],
  [
    'user keys such as __proto__ stay own keys',
    JSON.parse('{"__proto__": "{{ $input.a }}", "constructor": {"__proto__": "{{ $vars.limit }}"}}'),
  ],
];

function exactText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v === undefined ? { $undefined: true } : v)) ?? '';
}

describe('threaded expression evaluator', () => {
  let ev: ThreadedEvaluator;
  beforeAll(async () => {
    ev = createThreadedEvaluator({ threads: 2 });
    // Two calls at once land on both threads (one call per thread): both are up before the tests.
    await Promise.all([ev.evaluate('{{ 1 }}', {}, OPTS), ev.evaluate('{{ 2 }}', {}, OPTS)]);
  });
  afterAll(async () => {
    await ev.close();
  });

  it.each(VALUES)('answers as evaluateValue does: %s', async (_title, value) => {
    const expected = await evaluateValue(value, scope, OPTS);
    const actual = await ev.evaluate(value, scope, OPTS);
    // Key order, own `__proto__` keys and undefined values all show in this text
    // (toStrictEqual can't compare objects with an own `constructor` key).
    expect(exactText(actual)).toBe(exactText(expected));
    expect(actual).toEqual(expected);
  });

  it('keeps __proto__ keys as own keys on the way back', async () => {
    const value = JSON.parse('{"__proto__": "{{ $input.a }}"}');
    const result = (await ev.evaluate(value, scope, OPTS)) as object;
    expect(Object.keys(result)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe(1);
  });

  it.each([
    ['a template that does not parse', '{{ $foo( }}'],
    ['an unclosed segment', 'a {{ $input.a'],
    ['a runtime error, with the parameter path', { body: { total: '{{ $number("abc") + $undefinedFn() }}' } }],
    ['an error in an array element', ['ok', '{{ $input.a + "x" }}']],
  ])('returns EXPRESSION_ERROR as an EngineError with the same code and message: %s', async (_title, value) => {
    const expected = await evaluateValue(value, scope, OPTS).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(expected).toBeInstanceOf(EngineError);
    const actual = await ev.evaluate(value, scope, OPTS).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(actual).toBeInstanceOf(EngineError);
    const [e, a] = [expected as EngineError, actual as EngineError];
    expect(a.code).toBe('EXPRESSION_ERROR');
    expect({ name: a.name, code: a.code, message: a.message, retryable: a.retryable }).toEqual({
      name: e.name,
      code: e.code,
      message: e.message,
      retryable: e.retryable,
    });
  });

  it("relays JSONata's own timeout as evaluateValue words it", async () => {
    // Lambdas re-enter evaluate(), so JSONata notices this one itself; a long grace makes
    // sure its error, not ours, is the one that comes back.
    const relaxed = createThreadedEvaluator({ threads: 1, graceMs: 10_000 });
    try {
      const value = '{{ $sum($map([1..5000000], function($v) { $v * 2 })) }}';
      const opts = { timeoutMs: 100, maxDepth: 500 };
      const err = await relaxed.evaluate(value, {}, opts).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('LIMIT_EXCEEDED');
      expect((err as EngineError).message).toBe(
        'expression "$sum($map([1..5000000], function($v) { $v * 2 }))" ran longer than 100 ms',
      );
    } finally {
      await relaxed.close();
    }
  }, 20_000);

  it('stops a busy built-in at its time limit while other evaluations keep running, then works on', async () => {
    const started = performance.now();
    const bomb = ev.evaluate({ body: BOMB }, scope, OPTS).then(
      (v) => ({ v, at: performance.now() - started }),
      (err: unknown) => ({ err, at: performance.now() - started }),
    );
    // Started at the same moment on the same evaluator: the other thread serves them.
    const others = Array.from({ length: 20 }, (_, i) =>
      ev.evaluate({ n: `{{ $input.a + ${i} }}` }, scope, OPTS).then((v) => ({ v, at: performance.now() - started })),
    );

    const done = await Promise.all(others);
    const stopped = await bomb;
    expect('err' in stopped ? stopped.err : stopped.v).toBeInstanceOf(NonRetryableError);
    const err = (stopped as { err: EngineError }).err;
    expect(err.code).toBe('LIMIT_EXCEEDED');
    expect(err.message).toBe('body: expression "$count($distinct([1..200000]))" ran longer than 1000 ms (stopped)');
    expect(err.retryable).toBe(false);
    // timeoutMs 1000 + grace 250; generous for a loaded machine (in-thread: 34 s).
    expect(stopped.at).toBeLessThan(5_000);
    expect(done.map((d) => d.v)).toEqual(Array.from({ length: 20 }, (_, i) => ({ n: 1 + i })));
    // They did not wait for the bomb.
    for (const d of done) expect(d.at).toBeLessThan(stopped.at);

    // The pool replaced the terminated thread.
    expect(await ev.evaluate('{{ $input.a * 100 }}', scope, OPTS)).toBe(100);
    await expect.poll(() => ev.stats().threads).toBe(2);
  }, 20_000);

  it('does not count time spent queued behind other bombs', async () => {
    // Three bombs on two threads: the third and the small one wait for a thread, and must
    // still get their own full time limit rather than be blamed for the bombs.
    const bombs = [1, 2, 3].map((i) =>
      ev.evaluate(`{{ $count($distinct([1..${200_000 + i}])) }}`, scope, OPTS).catch((e: unknown) => e),
    );
    const small = ev.evaluate('{{ $vars.region }}', scope, OPTS);
    expect(await small).toBe('eu');
    for (const [i, err] of (await Promise.all(bombs)).entries()) {
      expect(err).toBeInstanceOf(NonRetryableError);
      expect((err as EngineError).message).toBe(
        `expression "$count($distinct([1..${200_001 + i}]))" ran longer than 1000 ms (stopped)`,
      );
    }
  }, 30_000);

  it('ends a thread that runs out of memory, not the process', async () => {
    const small = createThreadedEvaluator({ threads: 1, maxHeapMb: 128 });
    try {
      const err = await small
        .evaluate({ sorted: '{{ $count($sort([1..3000000])) }}' }, {}, { timeoutMs: 60_000, maxDepth: 500 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NonRetryableError);
      expect((err as EngineError).code).toBe('LIMIT_EXCEEDED');
      expect((err as EngineError).message).toBe(
        'sorted: expression "$count($sort([1..3000000]))" used more than 128 MB of memory (stopped)',
      );
      expect(await small.evaluate('{{ 1 + 1 }}', {}, OPTS)).toBe(2);
    } finally {
      await small.close();
    }
  }, 30_000);

  it('refuses calls beyond threads + maxQueue with a retryable error', async () => {
    const tiny = createThreadedEvaluator({ threads: 1, maxQueue: 1 });
    try {
      const calls = [1, 2, 3].map((i) => tiny.evaluate(`{{ ${i} }}`, {}, OPTS).catch((e: unknown) => e));
      const [a, b, c] = await Promise.all(calls);
      expect([a, b]).toEqual([1, 2]);
      expect(c).toBeInstanceOf(EngineError);
      expect({ code: (c as EngineError).code, retryable: (c as EngineError).retryable }).toEqual({
        code: 'LIMIT_EXCEEDED',
        retryable: true,
      });
    } finally {
      await tiny.close();
    }
  });

  it('close() terminates the threads, even one that is busy, and refuses later calls', async () => {
    const closing = createThreadedEvaluator({ threads: 1 });
    expect(await closing.evaluate('{{ 1 }}', {}, OPTS)).toBe(1);
    const busy = closing.evaluate(BOMB, {}, { timeoutMs: 60_000, maxDepth: 500 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    const t = performance.now();
    await closing.close();
    expect(performance.now() - t).toBeLessThan(5_000);
    const err = await busy;
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('CANCELED');
    expect(closing.stats().threads).toBe(0);
    await expect(closing.evaluate('{{ 1 }}', {}, OPTS)).rejects.toMatchObject({ code: 'CANCELED' });
  }, 20_000);

  it('loads in a process started as the worker is (node --import tsx), which exits once closed', async () => {
    // Without close() the busy thread (timeoutMs 60 s, 34 s of work) would keep this process
    // alive far past the 15 s below; with it the process ends on its own (no process.exit).
    const script = `
      import { createThreadedEvaluator } from './threaded-evaluator.ts';
      const ev = createThreadedEvaluator({ threads: 1 });
      console.log('sum', await ev.evaluate('{{ $input.a + $input.b }}', { input: { a: 2, b: 3 } }, { timeoutMs: 1000, maxDepth: 500 }));
      const busy = ev.evaluate(${JSON.stringify(BOMB)}, {}, { timeoutMs: 60000, maxDepth: 500 }).catch((e) => e.code);
      await new Promise((r) => setTimeout(r, 200));
      await ev.close();
      console.log('busy', await busy);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: THREAD_ENTRY_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errOut = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (errOut += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(killer);
    expect({ code, out }, errOut).toEqual({ code: 0, out: 'sum 5\nbusy CANCELED\n' });
  }, 20_000);
});
