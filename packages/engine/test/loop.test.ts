import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../src';
import type { WorkflowDefinitionInput } from '../src/definition';
import { FakeHttp, jsonResponse, runGraph } from '../src/testing';
import { expectFailed } from './helpers/expect-failed';

/** SPEC §3 `loop`: scopes, $item/$index, items and while, concurrency, nesting, limits, failures. */

type NodeIn = WorkflowDefinitionInput['nodes'][number];
type EdgeIn = NonNullable<WorkflowDefinitionInput['edges']>[number];
const START: NodeIn = { id: 'start', type: 'trigger', parameters: {} };
const e = (source: string, target: string, sourceHandle?: string): EdgeIn => ({
  id: `${source}_${sourceHandle ?? 'out'}_${target}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});
const t = (id: string, fields: Record<string, unknown>): NodeIn => ({ id, type: 'transform', parameters: { fields } });
const loop = (id: string, parameters: Record<string, unknown>, settings?: NodeIn['settings']): NodeIn => ({
  id,
  type: 'loop',
  parameters,
  ...(settings ? { settings } : {}),
});
const doc = (nodes: NodeIn[], edges: EdgeIn[], settings: Record<string, unknown> = {}): WorkflowDefinitionInput => ({
  name: 'loops',
  nodes: [START, ...nodes],
  edges,
  settings,
});

/** trigger → L(items) ─body→ a → b → c ; L ─done→ after */
const threeNodeBody = (loopParams: Record<string, unknown>, extra: NodeIn[] = [], extraEdges: EdgeIn[] = []) =>
  doc(
    [
      loop('L', loopParams),
      t('a', { v: '{{ $item }}', i: '{{ $index }}', fromInput: '{{ $input }}' }),
      t('b', { v: '{{ $input.v * 10 }}', i: '{{ $input.i }}' }),
      t('c', {
        v: '{{ $input.v + 1 }}',
        i: '{{ $index }}',
        sawA: '{{ $nodes.a.v }}',
        sawStart: '{{ $nodes.start.tag }}',
      }),
      t('after', { results: '{{ $input }}', fromNodes: '{{ $nodes.L }}' }),
      ...extra,
    ],
    [e('start', 'L'), e('L', 'a', 'body'), e('a', 'b'), e('b', 'c'), e('L', 'after', 'done'), ...extraEdges],
  );

const stepsOf = (r: Awaited<ReturnType<typeof runGraph>>, nodeId: string) => r.steps.filter((s) => s.nodeId === nodeId);

describe('loop over items', () => {
  it('runs the body once per item with $item/$index, and `done` carries the results in item order', async () => {
    const r = await runGraph(threeNodeBody({ items: '{{ $input.list }}' }), { input: { list: [1, 2, 3], tag: 'T' } });
    expect(r.execution.status).toBe('succeeded');
    const expected = [1, 2, 3].map((v, i) => ({ v: v * 10 + 1, i, sawA: v, sawStart: 'T' }));
    expect(r.execution.output).toEqual({ results: expected, fromNodes: expected });
    // One step per node per iteration, each with its scope; the body's first node gets the item as $input.
    expect(stepsOf(r, 'a').map((s) => [s.scope, s.output])).toEqual([
      ['L[0]', { v: 1, i: 0, fromInput: 1 }],
      ['L[1]', { v: 2, i: 1, fromInput: 2 }],
      ['L[2]', { v: 3, i: 2, fromInput: 3 }],
    ]);
    expect(stepsOf(r, 'c').map((s) => s.scope)).toEqual(['L[0]', 'L[1]', 'L[2]']);
    // The loop itself has one step: its input, and the results.
    const [loopStep, ...more] = stepsOf(r, 'L');
    expect(more).toEqual([]);
    expect(loopStep).toMatchObject({
      scope: '',
      status: 'succeeded',
      output: expected,
      input: { list: [1, 2, 3], tag: 'T' },
    });
    expect(r.execution.nodesExecuted).toBe(1 + 1 + 9 + 1);
    // Nothing of the iterations is left in the planner state.
    expect(r.execution.state.scopes).toBeUndefined();
  });

  it('an empty list runs no body and sends [] on done', async () => {
    const r = await runGraph(threeNodeBody({ items: '{{ $input.list }}' }), { input: { list: [] } });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual({ results: [], fromNodes: [] });
    expect(r.steps.map((s) => s.nodeId)).toEqual(['start', 'L', 'after']);
  });

  it('items that are not an array fail the loop, naming the parameter', async () => {
    const r = await runGraph(threeNodeBody({ items: '{{ $input.list }}' }), { input: { list: 'nope' } });
    expect(r.execution.status).toBe('failed');
    expect(r.execution.errorNodeId).toBe('L');
    expect(r.execution.error?.message).toMatch(/node "L" parameter "items"/);
  });

  it('runs up to `concurrency` iterations at once and still returns results in item order', async () => {
    let active = 0;
    let peak = 0;
    // Later items answer sooner, so iterations finish out of order.
    const http = new FakeHttp().on('GET', 'https://api.test/', async (req) => {
      active++;
      peak = Math.max(peak, active);
      const n = Number(new URL(req.url).searchParams.get('n'));
      await new Promise((res) => setTimeout(res, (10 - n) * 3));
      active--;
      return jsonResponse(200, { n });
    });
    const def = doc(
      [
        loop('L', { items: '{{ [1,2,3,4,5,6,7,8,9] }}', concurrency: 3 }),
        { id: 'get', type: 'http', parameters: { url: 'https://api.test/?n={{ $item }}' } },
        t('pick', { n: '{{ $input.body.n }}' }),
      ],
      [e('start', 'L'), e('L', 'get', 'body'), e('get', 'pick')],
    );
    const r = await runGraph(def, { http });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({ n })));
    expect(peak).toBe(3);
    expect(http.requests).toHaveLength(9);
  });

  it('MAX_LOOP_ITERATIONS: N items pass, N+1 fail with LIMIT_EXCEEDED naming it', async () => {
    const def = threeNodeBody({ items: '{{ $input.list }}' });
    const ok = await runGraph(def, { input: { list: [1, 2, 3, 4, 5] }, limits: { maxLoopIterations: 5 } });
    expect(ok.execution.status).toBe('succeeded');
    const over = await runGraph(def, { input: { list: [1, 2, 3, 4, 5, 6] }, limits: { maxLoopIterations: 5 } });
    expectFailed(over, { code: 'LIMIT_EXCEEDED', nodeId: 'L' });
    expect(over.execution.error?.message).toBe('loop "L" has 6 items, more than MAX_LOOP_ITERATIONS (5)');
    expect(stepsOf(over, 'a')).toEqual([]);
  });

  it("the node's own maxIterations is named when it is the lower limit", async () => {
    const r = await runGraph(threeNodeBody({ items: '{{ $input.list }}', maxIterations: 2 }), {
      input: { list: [1, 2, 3] },
    });
    expect(r.execution.error?.message).toBe('loop "L" has 3 items, more than its maxIterations (2)');
  });

  it('body nodes count toward MAX_TOTAL_OPERATIONS', async () => {
    const r = await runGraph(threeNodeBody({ items: '{{ $input.list }}' }), {
      input: { list: [1, 2, 3, 4] },
      limits: { maxTotalOperations: 8 },
    });
    expectFailed(r, { code: 'LIMIT_EXCEEDED' });
    expect(r.execution.error?.message).toMatch(/MAX_TOTAL_OPERATIONS \(8\)/);
  });
});

describe('while loops', () => {
  /** Counts up from the loop's input: $item is the previous iteration's result. */
  const counter = (params: Record<string, unknown>) =>
    doc(
      [loop('L', params), t('inc', { n: '{{ $item.n + 1 }}', at: '{{ $index }}' })],
      [e('start', 'L'), e('L', 'inc', 'body')],
    );

  it('checks the condition before each iteration, with the previous result as $item', async () => {
    const r = await runGraph(counter({ while: '{{ $item.n < 3 }}' }), { input: { n: 0 } });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual([
      { n: 1, at: 0 },
      { n: 2, at: 1 },
      { n: 3, at: 2 },
    ]);
    expect(stepsOf(r, 'inc').map((s) => s.scope)).toEqual(['L[0]', 'L[1]', 'L[2]']);
    expect(stepsOf(r, 'L')).toHaveLength(1);
  });

  it('a condition false at once runs nothing', async () => {
    const r = await runGraph(counter({ while: '{{ false }}' }), { input: { n: 0 } });
    expect(r.execution.output).toEqual([]);
  });

  it('MAX_LOOP_ITERATIONS: N iterations pass, asking for N+1 fails naming it', async () => {
    const ok = await runGraph(counter({ while: '{{ $index < 4 }}' }), {
      input: { n: 0 },
      limits: { maxLoopIterations: 4 },
    });
    expect(ok.execution.status).toBe('succeeded');
    expect(ok.execution.output).toHaveLength(4);
    const over = await runGraph(counter({ while: '{{ $index < 5 }}' }), {
      input: { n: 0 },
      limits: { maxLoopIterations: 4 },
    });
    expectFailed(over, {
      code: 'LIMIT_EXCEEDED',
      nodeId: 'L',
      message: 'loop "L" would run iteration 5, more than MAX_LOOP_ITERATIONS (4)',
    });
    expect(stepsOf(over, 'inc')).toHaveLength(4);
  });
});

describe('nested loops', () => {
  it('runs an inner loop per outer item; scopes name both iterations; results nest in order', async () => {
    const def = doc(
      [
        loop('outer', { items: '{{ $input.rows }}' }),
        loop('inner', { items: '{{ $item }}' }),
        t('cell', { v: '{{ $item * 10 }}' }),
      ],
      [e('start', 'outer'), e('outer', 'inner', 'body'), e('inner', 'cell', 'body')],
    );
    const r = await runGraph(def, { input: { rows: [[1, 2], [3]] } });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual([[{ v: 10 }, { v: 20 }], [{ v: 30 }]]);
    expect(stepsOf(r, 'cell').map((s) => s.scope)).toEqual([
      'outer[0]/inner[0]',
      'outer[0]/inner[1]',
      'outer[1]/inner[0]',
    ]);
    expect(stepsOf(r, 'inner').map((s) => [s.scope, s.output])).toEqual([
      ['outer[0]', [{ v: 10 }, { v: 20 }]],
      ['outer[1]', [{ v: 30 }]],
    ]);
  });

  it('MAX_LOOP_DEPTH is enforced when the loop runs', async () => {
    const def = doc(
      [loop('outer', { items: '{{ [1] }}' }), loop('inner', { items: '{{ [1] }}' }), t('cell', { v: 1 })],
      [e('start', 'outer'), e('outer', 'inner', 'body'), e('inner', 'cell', 'body')],
    );
    const r = await runGraph(def, { limits: { maxLoopDepth: 1 } });
    expect(r.execution.status).toBe('failed');
    expect(r.execution.error?.message).toBe(
      'iteration 1 (outer[0]) of loop "outer" failed: loop "inner" is nested more than MAX_LOOP_DEPTH (1) deep',
    );
  });
});

describe('a failing iteration', () => {
  /** L ─body→ check(if $item = 2) ─true→ boom(fail) ; ─false→ ok ; L ─done→ after ; L ─error→ handler */
  const failing = (withErrorEdge: boolean, settings?: NodeIn['settings']) =>
    doc(
      [
        loop('L', { items: '{{ [1, 2, 3] }}' }, settings),
        { id: 'check', type: 'if', parameters: { condition: '{{ $item = 2 }}' } },
        { id: 'boom', type: 'fail', parameters: { message: 'item {{ $item }} is bad' } },
        t('ok', { v: '{{ $item }}' }),
        t('after', { r: '{{ $input }}' }),
        t('handler', { caught: '{{ $input.message }}' }),
      ],
      [
        e('start', 'L'),
        e('L', 'check', 'body'),
        e('check', 'boom', 'true'),
        e('check', 'ok', 'false'),
        e('L', 'after', 'done'),
        ...(withErrorEdge ? [e('L', 'handler', 'error')] : []),
      ],
    );

  it('fails the loop, and the loop`s error edge handles it', async () => {
    const r = await runGraph(failing(true));
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual({ caught: 'iteration 2 (L[1]) of loop "L" failed: item 2 is bad' });
    expect(stepsOf(r, 'after')[0]?.status).toBe('skipped');
    expect(stepsOf(r, 'L')).toMatchObject([{ status: 'failed', error: { code: 'NODE_FAILED', nodeId: 'L' } }]);
    expect(stepsOf(r, 'boom').filter((s) => s.status !== 'skipped')).toMatchObject([
      { scope: 'L[1]', status: 'failed' },
    ]);
    // Iteration 2 never opened: concurrency 1 runs them in order.
    expect(stepsOf(r, 'ok').map((s) => [s.scope, s.status])).toEqual([
      ['L[0]', 'succeeded'],
      ['L[1]', 'skipped'],
    ]);
  });

  it('without an error edge the execution fails at the loop', async () => {
    const r = await runGraph(failing(false));
    expect(r.execution.status).toBe('failed');
    expect(r.execution.errorNodeId).toBe('L');
    expect(r.execution.error?.message).toBe('iteration 2 (L[1]) of loop "L" failed: item 2 is bad');
  });

  it('continueOnFail on the loop sends the error on done', async () => {
    const r = await runGraph(failing(false, { continueOnFail: true }));
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual({
      r: {
        error: { code: 'NODE_FAILED', message: 'iteration 2 (L[1]) of loop "L" failed: item 2 is bad', nodeId: 'L' },
      },
    });
  });

  it('a body node`s own error edge keeps the iteration going', async () => {
    const def = doc(
      [
        loop('L', { items: '{{ [1, 2] }}' }),
        { id: 'boom', type: 'fail', parameters: { message: 'no {{ $item }}' } },
        t('rescue', { rescued: '{{ $input.message }}' }),
      ],
      [e('start', 'L'), e('L', 'boom', 'body'), e('boom', 'rescue', 'error')],
    );
    expect(validateDefinition(def).ok).toBe(false); // fail has no error handle
    const def2 = doc(
      [
        loop('L', { items: '{{ [1, 2] }}' }),
        {
          id: 'get',
          type: 'http',
          parameters: { url: 'https://api.test/{{ $item }}' },
          settings: { retry: { maxRetries: 0 } },
        },
        t('rescue', { rescued: '{{ $input.code }}', i: '{{ $index }}' }),
      ],
      [e('start', 'L'), e('L', 'get', 'body'), e('get', 'rescue', 'error')],
    );
    const r = await runGraph(def2);
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual([
      { rescued: 'NETWORK_ERROR', i: 0 },
      { rescued: 'NETWORK_ERROR', i: 1 },
    ]);
  });
});

describe('loops across drives', () => {
  it('a retry backoff inside an iteration releases the execution; the next drive picks the loop up where it was', async () => {
    let calls = 0;
    const http = new FakeHttp().on('GET', 'https://api.test/', (req) => {
      calls++;
      // The second item's first attempt fails: its retry waits 5 s (virtual time).
      if (req.url.endsWith('/2') && calls === 2) return jsonResponse(503, { busy: true });
      return jsonResponse(200, { url: req.url });
    });
    const def = doc(
      [
        loop('L', { items: '{{ [1, 2, 3] }}' }),
        {
          id: 'get',
          type: 'http',
          parameters: { url: 'https://api.test/{{ $item }}' },
          settings: { retry: { maxRetries: 1, backoffMs: 5_000, backoffType: 'fixed' } },
        },
        t('pick', { u: '{{ $input.body.url }}' }),
      ],
      [e('start', 'L'), e('L', 'get', 'body'), e('get', 'pick')],
    );
    const r = await runGraph(def, { http });
    expect(r.drives).toBe(2);
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual([1, 2, 3].map((n) => ({ u: `https://api.test/${n}` })));
    expect(stepsOf(r, 'get').map((s) => [s.scope, s.attempt, s.status])).toEqual([
      ['L[0]', 1, 'succeeded'],
      ['L[1]', 1, 'failed'],
      ['L[1]', 2, 'succeeded'],
      ['L[2]', 1, 'succeeded'],
    ]);
  });

  it('a 1,000-iteration loop of 3 nodes is one drive and keeps the state small', async () => {
    const list = Array.from({ length: 1_000 }, (_, i) => i);
    const r = await runGraph(threeNodeBody({ items: '{{ $input.list }}' }), { input: { list } });
    expect(r.execution.status).toBe('succeeded');
    expect((r.execution.output as { results: unknown[] }).results).toHaveLength(1_000);
    expect(r.drives).toBe(1);
    expect(r.steps).toHaveLength(1 + 1 + 3_000 + 1);
  });
});

describe('validation of loop bodies (SPEC §3)', () => {
  const codes = (d: WorkflowDefinitionInput) => {
    const v = validateDefinition(d);
    return v.errors.map((p) => [p.code, p.edgeId ?? p.nodeId, p.message]);
  };

  it('accepts a well-formed body', () => {
    expect(codes(threeNodeBody({ items: '{{ $input.list }}' }))).toEqual([]);
  });

  it('rejects an edge leaving the body', () => {
    const d = threeNodeBody({ items: '{{ [1] }}' }, [], [e('c', 'after')]);
    expect(codes(d)).toContainEqual([
      'LOOP_BODY',
      'c_out_after',
      'edge "c_out_after" leaves the body of loop "L" (c → after): connect what follows the loop to its "done" output',
    ]);
  });

  it('rejects an edge entering the body from outside', () => {
    const d = threeNodeBody({ items: '{{ [1] }}' }, [], [e('start', 'b')]);
    expect(codes(d)).toContainEqual([
      'LOOP_BODY',
      'start_out_b',
      expect.stringContaining('enters the body of loop "L" from outside'),
    ]);
  });

  it('rejects a body with two last nodes, naming them', () => {
    const d = threeNodeBody({ items: '{{ [1] }}' }, [t('d', { x: 1 })], [e('a', 'd')]);
    expect(codes(d)).toContainEqual([
      'LOOP_BODY',
      'L',
      'the body of loop "L" must end in exactly one node (its output is the iteration\'s result); it ends in ' +
        '"c", "d": join them with a merge',
    ]);
  });

  it('rejects a loop without a body, and a back edge as a cycle', () => {
    expect(codes(doc([loop('L', { items: '{{ [1] }}' }), t('x', {})], [e('start', 'L'), e('L', 'x', 'done')]))).toEqual(
      [['LOOP_BODY', 'L', 'loop "L" has no body: connect its "body" output to the nodes to run for each item']],
    );
    expect(codes(threeNodeBody({ items: '{{ [1] }}' }, [], [e('c', 'L')])).map((c) => c[0])).toContain('CYCLE');
  });

  it('needs exactly one of items and while; while runs one iteration at a time', () => {
    expect(codes(doc([loop('L', {}), t('x', {})], [e('start', 'L'), e('L', 'x', 'body')]))).toEqual([
      ['INVALID_PARAMETER', 'L', 'node "L" parameter "items": set exactly one of "items" and "while"'],
    ]);
    expect(
      codes(
        doc(
          [loop('L', { items: '{{ [1] }}', while: '{{ true }}' }), t('x', {})],
          [e('start', 'L'), e('L', 'x', 'body')],
        ),
      )[0]?.[2],
    ).toBe('node "L" parameter "while": set exactly one of "items" and "while"');
    expect(
      codes(
        doc([loop('L', { while: '{{ true }}', concurrency: 2 }), t('x', {})], [e('start', 'L'), e('L', 'x', 'body')]),
      )[0]?.[0],
    ).toBe('INVALID_PARAMETER');
  });
});
