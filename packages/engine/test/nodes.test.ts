import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, EngineError, type HttpRequest } from '../src';
import type { NodeContext, NodeInputs, NodeResult } from '../src/nodes/define-node';
import { defaultRegistry } from '../src/nodes/registry';
import { silentLogger, systemClock } from '../src/ports';
import { isTruthy } from '../src/nodes/if';
import { FakeHttp, jsonResponse, runGraph, type RunGraphOptions } from '../src/testing';
import { expectFailed } from './helpers/expect-failed';

/** SPEC §3 node types: each one directly through run(), and end to end through runGraph(). */

type NodeIn = { id: string; type: string; parameters?: Record<string, unknown>; settings?: Record<string, unknown> };
type EdgeIn = { id: string; source: string; target: string; sourceHandle?: string };

const START: NodeIn = { id: 'start', type: 'trigger', parameters: {} };

function ctx(over: Partial<NodeContext> = {}): NodeContext {
  return {
    executionId: 'exec_1',
    workflowId: 'wf_1',
    nodeId: 'n',
    attempt: 1,
    trigger: {},
    signal: new AbortController().signal,
    limits: DEFAULT_LIMITS,
    http: new FakeHttp(),
    clock: systemClock,
    logger: silentLogger,
    ...over,
  };
}

const inputsOf = (
  input: unknown,
  inputs: NodeInputs['inputs'] = [{ sourceNodeId: 'prev', data: input }],
): NodeInputs => ({ input, inputs });

/** Runs a node type's run() with parameters parsed by its own schema (as the executor does). */
async function runNode(
  type: string,
  params: Record<string, unknown>,
  inputs: NodeInputs = inputsOf(null),
  c: NodeContext = ctx(),
): Promise<NodeResult> {
  const def = defaultRegistry.get(type)!;
  return def.run(c, def.params.parse(params), inputs);
}

async function runError(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return err as EngineError;
  }
  throw new Error('expected the node to fail');
}

/** trigger → node(s) in a chain. */
function chain(nodes: NodeIn[]) {
  const all = [START, ...nodes];
  return {
    name: 'chain',
    nodes: all,
    edges: all.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: all[i]!.id, target: n.id })),
  };
}

const graph = (nodes: NodeIn[], edges: EdgeIn[]) => ({ name: 'graph', nodes: [START, ...nodes], edges });
const run = (doc: unknown, opts?: RunGraphOptions) => runGraph(doc, opts);

describe('trigger', () => {
  it('outputs the trigger payload', async () => {
    expect(await runNode('trigger', {}, inputsOf(null), ctx({ trigger: { body: { a: 1 } } }))).toEqual({
      output: { body: { a: 1 } },
    });
    const r = await run(chain([]), { input: { hello: 'world' } });
    expect(r.execution.status).toBe('succeeded');
    expect(r.byNode.start?.output).toEqual({ hello: 'world' });
    expect(r.execution.output).toEqual({ hello: 'world' });
  });
});

describe('transform', () => {
  it('builds an object from its fields, dropping the input by default', async () => {
    const res = await runNode('transform', { fields: { b: 3, c: 'x' } }, inputsOf({ a: 1, b: 2 }));
    expect(res).toEqual({ output: { b: 3, c: 'x' } });
  });

  it('keepInput: starts from the input object and overrides fields', async () => {
    expect(await runNode('transform', { fields: { b: 3 }, keepInput: true }, inputsOf({ a: 1, b: 2 }))).toEqual({
      output: { a: 1, b: 3 },
    });
    // An input that is not an object has nothing to keep.
    expect(await runNode('transform', { fields: { b: 3 }, keepInput: true }, inputsOf([1, 2]))).toEqual({
      output: { b: 3 },
    });
    expect(await runNode('transform', { fields: { b: 3 }, keepInput: true }, inputsOf('text'))).toEqual({
      output: { b: 3 },
    });
  });

  it('evaluates field expressions against the input end to end', async () => {
    const fields = {
      total: '{{ $input.a + $input.b }}',
      label: 'sum={{ $input.a + $input.b }}',
      missing: '{{ $input.nope }}',
    };
    const keep = await run(chain([{ id: 't', type: 'transform', parameters: { fields, keepInput: true } }]), {
      input: { a: 2, b: 3 },
    });
    expect(keep.execution.output).toStrictEqual({ a: 2, b: 3, total: 5, label: 'sum=5' });
    const drop = await run(chain([{ id: 't', type: 'transform', parameters: { fields, keepInput: false } }]), {
      input: { a: 2, b: 3 },
    });
    expect(drop.execution.output).toStrictEqual({ total: 5, label: 'sum=5' });
  });

  it('an expression error fails the node with EXPRESSION_ERROR naming the parameter, without retries', async () => {
    const r = await run(chain([{ id: 't', type: 'transform', parameters: { fields: { x: '{{ $foo() }}' } } }]));
    expectFailed(r, {
      code: 'EXPRESSION_ERROR',
      nodeId: 't',
      message: 'fields.x: expression "$foo()" failed: Attempted to invoke a non-function (at 5)',
    });
    expect(r.steps.filter((s) => s.nodeId === 't')).toHaveLength(1);
  });

  it('an expression over the expression time budget (limits.expressionTimeoutMs) fails with LIMIT_EXCEEDED', async () => {
    // ~0.5 s of work unbounded; the executor must pass its budget down to the evaluator.
    const slow = '{{ $count($map([1..300000], function($v){ $v * 2 })) }}';
    const r = await run(chain([{ id: 't', type: 'transform', parameters: { fields: { n: slow } } }]), {
      limits: { expressionTimeoutMs: 20 },
    });
    expectFailed(r, {
      code: 'LIMIT_EXCEEDED',
      nodeId: 't',
      message: 'fields.n: expression "$count($map([1..300000], function($v){ $v * 2 }))" ran longer than 20 ms',
    });
  });

  it('an output over MAX_PAYLOAD_BYTES fails the node with LIMIT_EXCEEDED', async () => {
    const r = await run(
      chain([{ id: 't', type: 'transform', parameters: { fields: { big: '{{ $pad("", 100, "x") }}' } } }]),
      {
        limits: { maxPayloadBytes: 64 },
      },
    );
    expectFailed(r, {
      code: 'LIMIT_EXCEEDED',
      nodeId: 't',
      message: 'output of node "t" exceeds MAX_PAYLOAD_BYTES (64 bytes)',
    });
  });
});

describe('if', () => {
  it.each([
    [0, false],
    ['', false],
    [[], false],
    [{}, false],
    [null, false],
    [false, false],
    [[0, ''], false],
    [1, true],
    [-1, true],
    ['x', true],
    ['false', true],
    [[0, 1], true],
    [{ a: 0 }, true],
    [true, true],
  ])('isTruthy(%j) = %s', (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });

  it('routes to true/false and outputs its input unchanged', async () => {
    expect(await runNode('if', { condition: 1 }, inputsOf({ a: 1 }))).toEqual({ output: { a: 1 }, handle: 'true' });
    expect(await runNode('if', { condition: [] }, inputsOf({ a: 1 }))).toEqual({ output: { a: 1 }, handle: 'false' });
  });

  const branches = (condition: string) =>
    graph(
      [
        { id: 'check', type: 'if', parameters: { condition } },
        { id: 'yes', type: 'transform', parameters: { fields: { branch: 'yes', seen: '{{ $input }}' } } },
        { id: 'no', type: 'transform', parameters: { fields: { branch: 'no', seen: '{{ $input }}' } } },
      ],
      [
        { id: 'e1', source: 'start', target: 'check' },
        { id: 'e2', source: 'check', sourceHandle: 'true', target: 'yes' },
        { id: 'e3', source: 'check', sourceHandle: 'false', target: 'no' },
      ],
    );

  it.each([
    [{ n: 0 }, 'no'],
    [{ n: '' }, 'no'],
    [{ n: [] }, 'no'],
    [{ n: {} }, 'no'],
    [{ n: null }, 'no'],
    [{ n: 5 }, 'yes'],
    [{ n: 'a' }, 'yes'],
  ])('end to end: input %j takes the %s branch, the other is skipped', async (input, taken) => {
    const r = await run(branches('{{ $input.n }}'), { input });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toStrictEqual({ branch: taken, seen: input });
    expect(r.byNode[taken === 'yes' ? 'no' : 'yes']?.status).toBe('skipped');
    expect(r.byNode.check?.output).toStrictEqual(input);
  });

  // BUG (src/nodes/define-node.ts:70-71 + src/executor.ts:233): a condition whose expression
  // yields nothing (a missing field) is `undefined` after evaluation, and the runtime re-parse
  // with `anyValue` rejects it as "is required", failing the execution with VALIDATION_ERROR.
  // SPEC §3 says `if` routes on truthiness; a missing value is falsy → the `false` branch.
  it('a condition on a missing field takes the false branch (not a VALIDATION_ERROR)', async () => {
    const r = await run(branches('{{ $input.flag }}'), { input: {} });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toStrictEqual({ branch: 'no', seen: {} });
  });
});

describe('switch', () => {
  const cases = ['a', '1', 'true', 'null', '[1,2]'];
  it.each([
    ['a', 'case:a'],
    [1, 'case:1'],
    ['1', 'case:1'],
    [1.0, 'case:1'],
    [true, 'case:true'],
    [null, 'case:null'],
    ['A', 'default'],
    [2, 'default'],
    [[1, 2], 'case:[1,2]'], // non-strings compare as their JSON text
    [{ a: 1 }, 'default'],
  ])('value %j → %s (compared as text), output = input', async (value, handle) => {
    expect(await runNode('switch', { value, cases }, inputsOf({ k: value }))).toEqual({ output: { k: value }, handle });
  });

  it('end to end: routes to the matching case, or default, skipping the others', async () => {
    const doc = graph(
      [
        { id: 'sw', type: 'switch', parameters: { value: '{{ $input.kind }}', cases: ['1', 'b'] } },
        { id: 'one', type: 'transform', parameters: { fields: { took: 'one' } } },
        { id: 'bee', type: 'transform', parameters: { fields: { took: 'b' } } },
        { id: 'other', type: 'transform', parameters: { fields: { took: 'default' } } },
      ],
      [
        { id: 'e1', source: 'start', target: 'sw' },
        { id: 'e2', source: 'sw', sourceHandle: 'case:1', target: 'one' },
        { id: 'e3', source: 'sw', sourceHandle: 'case:b', target: 'bee' },
        { id: 'e4', source: 'sw', sourceHandle: 'default', target: 'other' },
      ],
    );
    const numeric = await run(doc, { input: { kind: 1 } });
    expect(numeric.execution.output).toEqual({ took: 'one' });
    expect([numeric.byNode.bee?.status, numeric.byNode.other?.status]).toEqual(['skipped', 'skipped']);
    expect((await run(doc, { input: { kind: 'b' } })).execution.output).toEqual({ took: 'b' });
    const fallback = await run(doc, { input: { kind: 'zzz' } });
    expect(fallback.execution.output).toEqual({ took: 'default' });
    expect([fallback.byNode.one?.status, fallback.byNode.bee?.status]).toEqual(['skipped', 'skipped']);
  });

  // BUG (same cause as the `if` case above): a switch value on a missing field fails the
  // execution with VALIDATION_ERROR "is required" instead of taking `default`.
  it('a value on a missing field takes default', async () => {
    const doc = graph(
      [
        { id: 'sw', type: 'switch', parameters: { value: '{{ $input.kind }}', cases: ['a'] } },
        { id: 'other', type: 'transform', parameters: { fields: { took: 'default' } } },
      ],
      [
        { id: 'e1', source: 'start', target: 'sw' },
        { id: 'e2', source: 'sw', sourceHandle: 'default', target: 'other' },
      ],
    );
    const r = await run(doc, { input: {} });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual({ took: 'default' });
  });
});

describe('merge', () => {
  const inputs: NodeInputs['inputs'] = [
    { sourceNodeId: 'b', data: { from: 'b' } },
    { sourceNodeId: 'a', data: [1] },
  ];

  it('append: an array of the inputs in edge order; object: keyed by source node id', async () => {
    expect(await runNode('merge', { mode: 'append' }, { input: inputs[0]!.data, inputs })).toEqual({
      output: [{ from: 'b' }, [1]],
    });
    expect(await runNode('merge', {}, { input: inputs[0]!.data, inputs })).toEqual({ output: [{ from: 'b' }, [1]] });
    expect(await runNode('merge', { mode: 'object' }, { input: inputs[0]!.data, inputs })).toEqual({
      output: { b: { from: 'b' }, a: [1] },
    });
  });

  const fanOut = (mode: string) =>
    graph(
      [
        { id: 'a', type: 'transform', parameters: { fields: { v: 'A', n: '{{ $input.n }}' } } },
        { id: 'b', type: 'transform', parameters: { fields: { v: 'B', n: '{{ $input.n * 2 }}' } } },
        { id: 'm', type: 'merge', parameters: { mode } },
      ],
      [
        { id: 'e1', source: 'start', target: 'a' },
        { id: 'e2', source: 'start', target: 'b' },
        // b's edge first: inputs follow edge order, not node order or finishing order.
        { id: 'e3', source: 'b', target: 'm' },
        { id: 'e4', source: 'a', target: 'm' },
      ],
    );

  it.each([1, 4])(
    'append after parallel branches waits for both and runs once (maxParallelNodes %i)',
    async (maxParallelNodes) => {
      const r = await run(fanOut('append'), { input: { n: 5 }, limits: { maxParallelNodes } });
      expect(r.execution.status).toBe('succeeded');
      expect(r.steps.filter((s) => s.nodeId === 'm')).toHaveLength(1);
      expect(r.execution.output).toEqual([
        { v: 'B', n: 10 },
        { v: 'A', n: 5 },
      ]);
    },
  );

  it('object after parallel branches', async () => {
    const r = await run(fanOut('object'), { input: { n: 1 } });
    expect(r.execution.output).toEqual({ a: { v: 'A', n: 1 }, b: { v: 'B', n: 2 } });
    expect(Object.keys(r.execution.output as object)).toEqual(['b', 'a']);
  });

  it('only merges active inputs when a branch was skipped', async () => {
    const r = await run(
      graph(
        [
          { id: 'check', type: 'if', parameters: { condition: '{{ $input.go }}' } },
          { id: 'a', type: 'transform', parameters: { fields: { v: 'A' } } },
          { id: 'b', type: 'transform', parameters: { fields: { v: 'B' } } },
          { id: 'm', type: 'merge', parameters: { mode: 'append' } },
        ],
        [
          { id: 'e1', source: 'start', target: 'check' },
          { id: 'e2', source: 'check', sourceHandle: 'true', target: 'a' },
          { id: 'e3', source: 'start', target: 'b' },
          { id: 'e4', source: 'a', target: 'm' },
          { id: 'e5', source: 'b', target: 'm' },
        ],
      ),
      { input: { go: false } },
    );
    expect(r.byNode.a?.status).toBe('skipped');
    expect(r.execution.output).toEqual([{ v: 'B' }]);
  });
});

describe('respond', () => {
  it('outputs the body and returns the response with defaults', async () => {
    expect(await runNode('respond', { body: { ok: true } })).toEqual({
      output: { ok: true },
      response: { status: 200, headers: {}, body: { ok: true } },
    });
    expect(await runNode('respond', { status: 404, headers: { 'x-a': 'b' }, body: 'gone' })).toEqual({
      output: 'gone',
      response: { status: 404, headers: { 'x-a': 'b' }, body: 'gone' },
    });
  });

  it('the execution output is the first respond body, even though other nodes run later', async () => {
    const r = await run(
      chain([
        {
          id: 'reply',
          type: 'respond',
          parameters: {
            status: '{{ 200 + 1 }}',
            headers: { 'x-request': '{{ $input.id }}' },
            body: "{{ {'ok': true, 'id': $input.id} }}",
          },
        },
        { id: 'later', type: 'transform', parameters: { fields: { after: true } } },
        { id: 'second', type: 'respond', parameters: { status: 500, body: 'second' } },
        { id: 'last', type: 'transform', parameters: { fields: { last: true } } },
      ]),
      { input: { id: 'r1' } },
    );
    expect(r.execution.status).toBe('succeeded');
    expect(r.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ['start', 'succeeded'],
      ['reply', 'succeeded'],
      ['later', 'succeeded'],
      ['second', 'succeeded'],
      ['last', 'succeeded'],
    ]);
    expect(r.byNode.reply?.output).toEqual({ ok: true, id: 'r1' });
    expect(r.execution.output).toEqual({ ok: true, id: 'r1' });
    expect(r.execution.state.response).toEqual({
      status: 201,
      headers: { 'x-request': 'r1' },
      body: { ok: true, id: 'r1' },
    });
  });

  it('a header an HTTP response cannot carry fails the node, naming the header', async () => {
    const bad = await run(
      chain([{ id: 'reply', type: 'respond', parameters: { headers: { 'x-city': '{{ "東京" }}' }, body: 1 } }]),
    );
    expectFailed(bad, {
      code: 'VALIDATION_ERROR',
      nodeId: 'reply',
      message: expect.stringMatching(/parameter "headers\.x-city": header values must be Latin-1/),
    });
    const split = await run(
      chain([
        {
          id: 'reply',
          type: 'respond',
          parameters: { headers: { 'x-a': '{{ "one" & $string("\\r\\n") & "set-cookie: x=1" }}' }, body: 1 },
        },
      ]),
    );
    expect(split.execution.status).toBe('failed');
    expect(split.execution.state.response).toBeUndefined();
  });

  it('a status expression that yields no valid status fails with VALIDATION_ERROR', async () => {
    const r = await run(chain([{ id: 'reply', type: 'respond', parameters: { status: '{{ "abc" }}', body: 1 } }]));
    expectFailed(r, {
      code: 'VALIDATION_ERROR',
      nodeId: 'reply',
      message: 'node "reply" parameter "status": Invalid input: expected number, received string',
    });
  });

  // BUG (same cause as `if`): a body expression yielding nothing fails with "is required";
  // respond.run() already maps undefined to JSON null (toJson), which is what should happen.
  it('a body expression on a missing field responds with null', async () => {
    const r = await run(chain([{ id: 'reply', type: 'respond', parameters: { body: '{{ $input.nothing }}' } }]), {
      input: {},
    });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.state.response).toEqual({ status: 200, headers: {}, body: null });
  });
});

describe('fail', () => {
  it('throws a non-retryable NODE_FAILED with the message', async () => {
    const err = await runError(runNode('fail', { message: 'stop here' }, inputsOf(null), ctx({ nodeId: 'stop' })));
    expect([err.code, err.message, err.nodeId, err.retryable]).toEqual(['NODE_FAILED', 'stop here', 'stop', false]);
    expect((await runError(runNode('fail', { message: '' }))).message).toBe('Failed');
    expect((await runError(runNode('fail', { message: { why: 1 } }))).message).toBe('{"why":1}');
  });

  it('fails the execution with the message from an expression', async () => {
    const r = await run(
      chain([{ id: 'stop', type: 'fail', parameters: { message: '{{ "bad order " & $input.order }}' } }]),
      { input: { order: 42 } },
    );
    expect(r.execution.status).toBe('failed');
    expect(r.execution.errorNodeId).toBe('stop');
    expect(r.execution.output).toBeNull();
    expect(r.execution.error).toMatchObject({ code: 'NODE_FAILED', message: 'bad order 42', nodeId: 'stop' });
    expect(r.steps.filter((s) => s.nodeId === 'stop').map((s) => s.status)).toEqual(['failed']);
  });
});

describe('http: the request it sends', () => {
  it('sends method, url with query, lower-cased headers and a JSON body', async () => {
    const http = new FakeHttp().on('POST', 'https://api.test/', jsonResponse(201, { id: 9 }));
    const signal = new AbortController().signal;
    const res = await runNode(
      'http',
      {
        method: 'POST',
        url: 'https://api.test/items?x=1',
        query: { page: 2, q: 'a b', tags: ['t1'], skip: null },
        headers: { 'X-Api-Key': 'k1' },
        body: { name: 'widget', qty: 3 },
      },
      inputsOf(null),
      ctx({ http, signal }),
    );
    expect(http.requests).toHaveLength(1);
    const req = http.requests[0]!;
    expect(req).toEqual({
      method: 'POST',
      url: 'https://api.test/items?x=1&page=2&q=a+b&tags=%5B%22t1%22%5D',
      headers: { 'x-api-key': 'k1', 'content-type': 'application/json' },
      body: '{"name":"widget","qty":3}',
      timeoutMs: 30_000,
      signal,
    } satisfies HttpRequest);
    expect(res).toEqual({ output: { status: 201, headers: { 'content-type': 'application/json' }, body: { id: 9 } } });
  });

  it('defaults to GET and sends no body with GET', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(200, []));
    await runNode('http', { url: 'https://api.test/x', body: { ignored: true } }, inputsOf(null), ctx({ http }));
    expect(http.requests[0]).toMatchObject({ method: 'GET', url: 'https://api.test/x', headers: {}, body: undefined });
  });

  it('sends a string body as is and keeps a caller content-type', async () => {
    const http = new FakeHttp().on('PUT', 'https://api.test/', jsonResponse(200, {}));
    await runNode('http', { method: 'PUT', url: 'https://api.test/a', body: 'raw=1' }, inputsOf(null), ctx({ http }));
    await runNode(
      'http',
      { method: 'PUT', url: 'https://api.test/b', headers: { 'Content-Type': 'text/plain' }, body: { a: 1 } },
      inputsOf(null),
      ctx({ http }),
    );
    expect(http.requests.map((r) => [r.headers, r.body])).toEqual([
      [{}, 'raw=1'],
      [{ 'content-type': 'text/plain' }, '{"a":1}'],
    ]);
  });

  it('passes a parameter timeout smaller than the step timeout to the port', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(200, {}));
    await runNode('http', { url: 'https://api.test/', timeoutMs: 1500 }, inputsOf(null), ctx({ http }));
    expect(http.requests[0]!.timeoutMs).toBe(1500);
  });

  it.each([
    ['not a url', 'url "not a url" is not a valid absolute URL'],
    ['/relative/path', 'url "/relative/path" is not a valid absolute URL'],
    ['ftp://files.test/a', 'url must use http or https, got ftp:'],
    ['file:///etc/passwd', 'url must use http or https, got file:'],
  ])('rejects url %j without calling out', async (url, message) => {
    const http = new FakeHttp();
    const err = await runError(runNode('http', { url }, inputsOf(null), ctx({ http })));
    expect([err.code, err.message, err.retryable]).toEqual(['VALIDATION_ERROR', message, false]);
    expect(http.requests).toHaveLength(0);
  });
});

describe('http: the response it returns', () => {
  const respond = (status: number, body: string, headers: Record<string, string> = {}) =>
    new FakeHttp().on('GET', 'https://api.test/', { status, headers, body });

  it.each([
    ['json', '{"a":[1,2]}', { 'content-type': 'application/json' }, { a: [1, 2] }],
    ['json', '{"a":1}', {}, { a: 1 }],
    ['json', 'not json', { 'content-type': 'text/plain' }, 'not json'],
    ['json', '', {}, ''],
    ['text', '{"a":1}', { 'content-type': 'application/json' }, '{"a":1}'],
    ['text', 'hello', {}, 'hello'],
  ])('responseType %s with body %j → %j', async (responseType, body, headers, expected) => {
    const res = await runNode(
      'http',
      { url: 'https://api.test/', responseType },
      inputsOf(null),
      ctx({ http: respond(200, body, headers) }),
    );
    expect(res.output).toStrictEqual({ status: 200, headers, body: expected });
  });

  it.each([
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])('status %i is an HTTP_ERROR, retryable=%s', async (status, retryable) => {
    const err = await runError(
      runNode(
        'http',
        { url: 'https://api.test/x' },
        inputsOf(null),
        ctx({ http: respond(status, '{"reason":"r"}', { 'content-type': 'application/json' }) }),
      ),
    );
    expect(err.code).toBe('HTTP_ERROR');
    expect(err.retryable).toBe(retryable);
    expect(err.message).toBe(`GET https://api.test/x answered ${status}`);
    expect(err.details).toEqual({ status, headers: { 'content-type': 'application/json' }, body: { reason: 'r' } });
  });

  it('a response over MAX_PAYLOAD_BYTES is LIMIT_EXCEEDED (counted in UTF-8 bytes)', async () => {
    const limits = { ...DEFAULT_LIMITS, maxPayloadBytes: 10 };
    const err = await runError(
      runNode('http', { url: 'https://api.test/' }, inputsOf(null), ctx({ limits, http: respond(200, '"ééééé"') })),
    );
    expect([err.code, err.message, err.retryable]).toEqual([
      'LIMIT_EXCEEDED',
      'response body exceeds MAX_PAYLOAD_BYTES (10 bytes)',
      false,
    ]);
    // 10 bytes exactly is fine.
    const ok = await runNode(
      'http',
      { url: 'https://api.test/' },
      inputsOf(null),
      ctx({ limits, http: respond(200, '"éééé"') }),
    );
    expect(ok.output).toEqual({ status: 200, headers: {}, body: 'éééé' });
  });

  it('a JSON response nested deeper than MAX_JSON_DEPTH is LIMIT_EXCEEDED, not a stack overflow (and never retried)', async () => {
    // 20,000 levels: "Maximum call stack size exceeded" (NODE_FAILED) before.
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const err = await runError(
      runNode(
        'http',
        { url: 'https://api.test/' },
        inputsOf(null),
        ctx({ http: respond(200, deep, { 'content-type': 'application/json' }) }),
      ),
    );
    expect([err.code, err.retryable]).toEqual(['LIMIT_EXCEEDED', false]);
    expect(err.message).toMatch(/deeper than 128 levels/);
    // 128 levels, and brackets inside strings, are fine.
    const edge = `${'['.repeat(127)}"[[[[{{{"${']'.repeat(127)}`;
    const ok = await runNode(
      'http',
      { url: 'https://api.test/' },
      inputsOf(null),
      ctx({ http: respond(200, edge, { 'content-type': 'application/json' }) }),
    );
    expect(JSON.stringify((ok.output as { body: unknown }).body)).toBe(edge);
  });
});

describe('http: end to end (retries, timeouts, limits)', () => {
  const call = (
    settings: Record<string, unknown> = {},
    parameters: Record<string, unknown> = { url: 'https://api.test/x' },
  ) => chain([{ id: 'call', type: 'http', parameters, settings }]);

  it('a 4xx is permanent: one request, execution failed', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(404, {}));
    const r = await run(call({ retry: { maxRetries: 3, backoffMs: 10 } }), { http });
    expect(http.requests).toHaveLength(1);
    expectFailed(r, {
      code: 'HTTP_ERROR',
      nodeId: 'call',
      message: 'GET https://api.test/x answered 404',
    });
  });

  it.each([500, 503, 429])('a %i is retried until maxRetries, one step per attempt', async (status) => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(status, {}));
    const r = await run(call({ retry: { maxRetries: 2, backoffMs: 10 } }), { http });
    expect(http.requests).toHaveLength(3);
    expect(r.steps.filter((s) => s.nodeId === 'call').map((s) => [s.attempt, s.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
    ]);
    expectFailed(r, {
      code: 'HTTP_ERROR',
      message: `GET https://api.test/x answered ${status}`,
    });
    expect(r.steps.at(-1)!.error).toMatchObject({ retryable: true });
  });

  it('times out at settings.timeoutMs, aborting the request signal → TIMEOUT', async () => {
    let aborted = false;
    const http = new FakeHttp().on(
      'GET',
      'https://api.test/',
      (req) =>
        new Promise((_resolve, reject) => {
          req.signal.addEventListener('abort', () => {
            aborted = true;
            reject(new EngineError('NETWORK_ERROR', 'aborted', { retryable: true }));
          });
        }),
    );
    const t0 = Date.now();
    const r = await run(call({ timeoutMs: 30, retry: { maxRetries: 0 } }), { http });
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(aborted).toBe(true);
    expectFailed(r, {
      code: 'TIMEOUT',
      nodeId: 'call',
      message: 'node "call" did not finish within 30 ms',
    });
    expect(r.steps.at(-1)!.error).toMatchObject({ retryable: true });
  });

  it('a timeout is retryable: retried attempts time out too', async () => {
    const http = new FakeHttp().on(
      'GET',
      'https://api.test/',
      (req) => new Promise((_r, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    const r = await run(call({ timeoutMs: 20, retry: { maxRetries: 1, backoffMs: 5 } }), { http });
    expect(http.requests).toHaveLength(2);
    expect(r.steps.filter((s) => s.nodeId === 'call').map((s) => s.error?.code)).toEqual(['TIMEOUT', 'TIMEOUT']);
  });

  it('a response over maxPayloadBytes fails with LIMIT_EXCEEDED and is not retried', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(200, { data: 'x'.repeat(200) }));
    const r = await run(call({ retry: { maxRetries: 3, backoffMs: 10 } }), { http, limits: { maxPayloadBytes: 100 } });
    expect(http.requests).toHaveLength(1);
    expect(r.execution.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      nodeId: 'call',
      message: 'response body exceeds MAX_PAYLOAD_BYTES (100 bytes)',
    });
  });

  it('evaluates url, query, headers and body expressions from earlier nodes and $vars', async () => {
    const http = new FakeHttp().on('POST', 'https://api.test/', jsonResponse(200, { ok: 1 }));
    const r = await run(
      {
        ...call(
          {},
          {
            method: 'POST',
            url: 'https://api.test/users/{{ $input.id }}',
            query: { region: '{{ $vars.region }}' },
            headers: { Authorization: 'Bearer {{ $vars.token }}' },
            body: "{{ {'id': $input.id, 'tags': $input.tags} }}",
          },
        ),
        variables: { region: 'eu', token: 't0k' },
      },
      { http, input: { id: 7, tags: ['a'] } },
    );
    expect(r.execution.status).toBe('succeeded');
    expect(http.requests.map(({ method, url, headers, body }) => ({ method, url, headers, body }))).toEqual([
      {
        method: 'POST',
        url: 'https://api.test/users/7?region=eu',
        headers: { authorization: 'Bearer t0k', 'content-type': 'application/json' },
        body: '{"id":7,"tags":["a"]}',
      },
    ]);
    expect(r.execution.output).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: { ok: 1 },
    });
  });
});

describe('failure routing: continueOnFail and the error edge', () => {
  const http404 = () => new FakeHttp().on('GET', 'https://api.test/', jsonResponse(404, {}));

  it('continueOnFail: { error: { message, code, nodeId } } flows on `out`', async () => {
    const r = await run(
      chain([
        { id: 'call', type: 'http', parameters: { url: 'https://api.test/x' }, settings: { continueOnFail: true } },
        {
          id: 'after',
          type: 'transform',
          parameters: { fields: { got: '{{ $input }}', via: '{{ $nodes.call.error.code }}' } },
        },
      ]),
      { http: http404() },
    );
    const error = { message: 'GET https://api.test/x answered 404', code: 'HTTP_ERROR', nodeId: 'call' };
    expect(r.execution.status).toBe('succeeded');
    expect(r.byNode.call).toMatchObject({ status: 'failed', output: { error } });
    expect(r.byNode.call?.error).toMatchObject({ code: 'HTTP_ERROR', nodeId: 'call' });
    expect(r.execution.output).toEqual({ got: { error }, via: 'HTTP_ERROR' });
    expect(r.execution.error).toBeNull();
  });

  it('with both, the error edge wins and `out` is skipped', async () => {
    const r = await run(
      graph(
        [
          { id: 'call', type: 'http', parameters: { url: 'https://api.test/x' }, settings: { continueOnFail: true } },
          { id: 'ok', type: 'transform', parameters: { fields: { path: 'ok' } } },
          { id: 'handler', type: 'transform', parameters: { fields: { path: 'error', err: '{{ $input }}' } } },
        ],
        [
          { id: 'e1', source: 'start', target: 'call' },
          { id: 'e2', source: 'call', target: 'ok' },
          { id: 'e3', source: 'call', sourceHandle: 'error', target: 'handler' },
        ],
      ),
      { http: http404() },
    );
    expect(r.byNode.ok?.status).toBe('skipped');
    expect(r.execution.output).toEqual({
      path: 'error',
      err: { message: 'GET https://api.test/x answered 404', code: 'HTTP_ERROR', nodeId: 'call' },
    });
  });

  it('the error edge is not taken when the node succeeds', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(200, { fine: true }));
    const r = await run(
      graph(
        [
          { id: 'call', type: 'http', parameters: { url: 'https://api.test/x' } },
          { id: 'ok', type: 'transform', parameters: { fields: { path: 'ok' } } },
          { id: 'handler', type: 'transform', parameters: { fields: { path: 'error' } } },
        ],
        [
          { id: 'e1', source: 'start', target: 'call' },
          { id: 'e2', source: 'call', target: 'ok' },
          { id: 'e3', source: 'call', sourceHandle: 'error', target: 'handler' },
        ],
      ),
      { http },
    );
    expect(r.byNode.handler?.status).toBe('skipped');
    expect(r.execution.output).toEqual({ path: 'ok' });
  });
});
