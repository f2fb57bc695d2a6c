import { describe, expect, it } from 'vitest';
import { outputHandles, validateDefinition, WorkflowDefinition, type Problem } from '../src';
import type { ValidationResult } from '../src/validate';
import sumAndBranch from './fixtures/sum-and-branch.json';

/** SPEC §1 "Validation": every rule, every problem listed with the node/edge it concerns. */

type NodeIn = { id: string; type: string; parameters?: Record<string, unknown>; [k: string]: unknown };
type EdgeIn = { id: string; source: string; target: string; sourceHandle?: string };

const START: NodeIn = { id: 'start', type: 'trigger', parameters: {} };
const merge = (id: string): NodeIn => ({ id, type: 'merge' });

/** Edges written `'id: source -> target'`, or `'id: source[handle] -> target'` for a handle other than the default. */
function edges(...specs: string[]): EdgeIn[] {
  return specs.map((spec) => {
    const m = /^(\w+): (\w+)(?:\[(.+)\])? -> (\w+)$/.exec(spec);
    if (!m) throw new Error(`bad edge spec ${spec}`);
    const [, id, source, sourceHandle, target] = m as unknown as [string, string, string, string | undefined, string];
    return sourceHandle === undefined ? { id, source, target } : { id, source, sourceHandle, target };
  });
}

function doc(nodes: NodeIn[], edges: EdgeIn[] = [], extra: Record<string, unknown> = {}) {
  return { name: 'Test', nodes, edges, ...extra };
}

/** A trigger followed by one node of the given shape. */
function single(node: Omit<NodeIn, 'id'> & { id?: string }) {
  const n = { id: 'n', ...node } as NodeIn;
  return doc([START, n], [{ id: 'e1', source: 'start', target: n.id }]);
}

const errors = (r: ValidationResult) =>
  r.errors.map(({ code, nodeId, edgeId, path }) => ({ code, nodeId, edgeId, path }));
/** Invalid, with exactly these errors, in this order. */
function expectErrors(r: ValidationResult, expected: Omit<Problem, 'severity'>[]) {
  expect(r.ok).toBe(false);
  expect(r.errors).toEqual(expected.map((p) => ({ severity: 'error', ...p })));
}
/** An error problem: its code, the node/edge/path it is about, and its message. */
const problem = (
  code: Problem['code'],
  at: Pick<Problem, 'nodeId' | 'edgeId' | 'path'>,
  message: string,
): Omit<Problem, 'severity'> => ({ code, ...at, message });
const strip = (p: Problem) => ({ code: p.code, nodeId: p.nodeId, edgeId: p.edgeId, path: p.path });

describe('validateDefinition: the SPEC §1 example', () => {
  it('is valid, with defaults applied and no warnings', () => {
    const r = validateDefinition(sumAndBranch);
    expect(r.ok).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.definition?.nodes.map((n) => n.id)).toEqual(['start', 'sum', 'big', 'yes', 'no']);
    expect(r.definition?.edges.find((e) => e.id === 'e1')?.sourceHandle).toBe('out');
    expect(r.definition?.settings).toEqual({ timeoutSeconds: 300, maxParallelNodes: 10 });
  });

  it('fills optional node fields (name, position, parameters) and top-level defaults', () => {
    const r = validateDefinition({ name: 'Minimal', nodes: [{ id: 'start', type: 'trigger' }] });
    expect(r.ok).toBe(true);
    expect(r.definition).toEqual({
      name: 'Minimal',
      nodes: [{ id: 'start', type: 'trigger', name: '', position: { x: 0, y: 0 }, parameters: {} }],
      edges: [],
      settings: {},
      variables: {},
    });
  });
});

describe('validateDefinition: triggers and node ids', () => {
  it('rejects a workflow with no trigger', () => {
    const r = validateDefinition(doc([{ id: 'a', type: 'transform', parameters: { fields: {} } }]));
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { severity: 'error', code: 'TRIGGER_COUNT', message: 'a workflow needs exactly one trigger node, found 0' },
    ]);
  });

  it('rejects two triggers and names the second one', () => {
    const r = validateDefinition(doc([START, { id: 'start2', type: 'trigger', parameters: {} }]));
    expectErrors(r, [
      problem('TRIGGER_COUNT', { nodeId: 'start2' }, 'a workflow needs exactly one trigger node, found 2'),
    ]);
  });

  it('rejects a duplicate node id', () => {
    const r = validateDefinition(
      doc(
        [START, { id: 'a', type: 'transform', parameters: { fields: {} } }, { id: 'a', type: 'merge', parameters: {} }],
        edges('e1: start -> a'),
      ),
    );
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([{ code: 'DUPLICATE_ID', nodeId: 'a', edgeId: undefined, path: undefined }]);
    expect(r.errors[0]!.message).toBe('node id "a" is used more than once');
  });

  it('rejects a duplicate edge id', () => {
    const r = validateDefinition(doc([START, merge('a'), merge('b')], edges('e1: start -> a', 'e1: start -> b')));
    expect(errors(r)).toEqual([{ code: 'DUPLICATE_ID', nodeId: undefined, edgeId: 'e1', path: undefined }]);
  });

  it.each([
    ['1abc', false],
    ['has-dash', false],
    ['has space', false],
    ['', false],
    ['é', false],
    ['a'.repeat(65), false],
    ['a'.repeat(64), true],
    ['_private', true],
    ['Node_2', true],
  ])('node id %j valid=%s', (id, valid) => {
    const r = validateDefinition(doc([{ id, type: 'trigger', parameters: {} }]));
    expect(r.ok).toBe(valid);
    if (!valid) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatchObject({ code: 'INVALID_DOCUMENT', path: 'nodes.0.id', nodeId: id });
    }
  });
});

describe('validateDefinition: node types and parameters', () => {
  it('rejects an unknown node type and lists the known ones', () => {
    const r = validateDefinition(single({ type: 'teleport', parameters: {} }));
    expectErrors(r, [
      {
        code: 'UNKNOWN_NODE_TYPE',
        nodeId: 'n',
        message:
          'node "n" has unknown type "teleport" (known: trigger, transform, if, switch, merge, respond, fail, http, loop)',
      },
    ]);
  });

  it('rejects an unknown parameter', () => {
    const r = validateDefinition(single({ type: 'merge', parameters: { mode: 'append', strategy: 'x' } }));
    expectErrors(r, [
      problem(
        'UNKNOWN_PARAMETER',
        { nodeId: 'n', path: 'parameters.strategy' },
        'node "n" (merge) has unknown parameter "strategy"',
      ),
    ]);
  });

  it('rejects a parameter on the trigger (it takes none)', () => {
    const r = validateDefinition(doc([{ id: 'start', type: 'trigger', parameters: { cron: '* * * * *' } }]));
    expect(errors(r)).toEqual([
      { code: 'UNKNOWN_PARAMETER', nodeId: 'start', edgeId: undefined, path: 'parameters.cron' },
    ]);
  });

  it.each([
    ['if', {}, 'condition'],
    ['http', { method: 'GET' }, 'url'],
    ['transform', {}, 'fields'],
    ['switch', { value: '{{ $input.k }}' }, 'cases'],
    ['switch', { cases: ['a'] }, 'value'],
    ['respond', { status: 200 }, 'body'],
    ['fail', {}, 'message'],
  ])('%s without a required parameter → MISSING_PARAMETER (%j misses %s)', (type, parameters, missing) => {
    const r = validateDefinition(single({ type, parameters }));
    expectErrors(r, [
      problem(
        'MISSING_PARAMETER',
        { nodeId: 'n', path: `parameters.${missing}` },
        `node "n" (${type}) is missing required parameter "${missing}"`,
      ),
    ]);
  });

  it('accepts a node whose only parameters have defaults (merge, respond status/headers)', () => {
    expect(validateDefinition(single({ type: 'merge', parameters: {} })).ok).toBe(true);
    expect(validateDefinition(single({ type: 'respond', parameters: { body: null } })).ok).toBe(true);
  });

  it.each([
    ['respond', { status: 'abc', body: 1 }, 'status', 'Invalid input: expected number, received string'],
    ['respond', { status: 700, body: 1 }, 'status', 'Too big: expected number to be <=599'],
    ['respond', { headers: { 'x-n': 5 }, body: 1 }, 'headers', 'Invalid input: expected string, received number'],
    ['merge', { mode: 'zip' }, 'mode', 'Invalid option: expected one of "append"|"object"'],
    ['transform', { fields: {}, keepInput: 'yes' }, 'keepInput', 'Invalid input: expected boolean, received string'],
    ['transform', { fields: 'a=1' }, 'fields', 'Invalid input: expected record, received string'],
    [
      'http',
      { url: 'https://x.test', method: 'FETCH' },
      'method',
      'Invalid option: expected one of "GET"|"POST"|"PUT"|"PATCH"|"DELETE"|"HEAD"|"OPTIONS"',
    ],
    [
      'http',
      { url: 'https://x.test', responseType: 'xml' },
      'responseType',
      'Invalid option: expected one of "json"|"text"',
    ],
    ['http', { url: '' }, 'url', 'Too small: expected string to have >=1 characters'],
    ['switch', { value: 1, cases: 'a,b' }, 'cases', 'Invalid input: expected array, received string'],
  ])('%s with literal %j → INVALID_PARAMETER on %s', (type, parameters, key, detail) => {
    const r = validateDefinition(single({ type, parameters }));
    expectErrors(r, [
      problem(
        'INVALID_PARAMETER',
        { nodeId: 'n', path: `parameters.${key}` },
        `node "n" parameter "${key}": ${detail}`,
      ),
    ]);
  });

  it('leaves a parameter holding an expression to run time (its type is only known then)', () => {
    expect(validateDefinition(single({ type: 'respond', parameters: { status: '{{ 200 + 1 }}', body: 1 } })).ok).toBe(
      true,
    );
    expect(validateDefinition(single({ type: 'merge', parameters: { mode: '{{ $vars.mode }}' } })).ok).toBe(true);
  });

  it('rejects an expression in a parameter that defines handles (switch cases)', () => {
    const r = validateDefinition(single({ type: 'switch', parameters: { value: 1, cases: '{{ ["a"] }}' } }));
    expectErrors(r, [
      problem(
        'INVALID_PARAMETER',
        { nodeId: 'n', path: 'parameters.cases' },
        'node "n" parameter "cases" must be a literal value, not an expression',
      ),
    ]);
  });

  it.each([
    ['{{ $input. }}', 'expression "$input." does not parse: Unexpected end of expression (at 7)'],
    ['{{ $input.a + }}', 'expression "$input.a +" does not parse'],
    ['total {{ $input.a', 'unclosed "{{" at position 6'],
    ['{{ }}', 'empty expression "{{ }}"'],
    ["{{ 'unterminated }}", 'unclosed "{{" at position 0'],
  ])('rejects %j → INVALID_EXPRESSION', (template, message) => {
    const r = validateDefinition(single({ type: 'if', parameters: { condition: template } }));
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      severity: 'error',
      code: 'INVALID_EXPRESSION',
      nodeId: 'n',
      path: 'parameters.condition',
    });
    expect(r.errors[0]!.message).toContain(`node "n" parameter "condition": ${message}`);
  });

  it('finds broken expressions nested inside object and array parameters', () => {
    const r = validateDefinition(
      single({ type: 'transform', parameters: { fields: { ok: '{{ 1 }}', list: ['x', '{{ $input. }}'] } } }),
    );
    expect(errors(r)).toEqual([
      { code: 'INVALID_EXPRESSION', nodeId: 'n', edgeId: undefined, path: 'parameters.fields' },
    ]);
  });

  it('reports each broken segment of one template', () => {
    const r = validateDefinition(single({ type: 'fail', parameters: { message: '{{ $a. }} and {{ $b + }}' } }));
    expect(r.errors.map((e) => e.code)).toEqual(['INVALID_EXPRESSION', 'INVALID_EXPRESSION']);
  });

  it('accepts well-formed expressions, including object constructors and braces in strings', () => {
    const r = validateDefinition(
      single({
        type: 'transform',
        parameters: { fields: { a: "{{ {'x': {'y': 1}} }}", b: '{{ "}}" }}', c: 'n={{ $input.n }}' } },
      }),
    );
    expect(r.ok).toBe(true);
  });
});

describe('validateDefinition: edges', () => {
  it('rejects an edge to a missing node and one from a missing node, naming each edge', () => {
    const r = validateDefinition(
      doc([START, merge('a')], edges('e1: start -> a', 'toGhost: a -> ghost', 'fromGhost: phantom -> a')),
    );
    expectErrors(r, [
      problem('MISSING_NODE', { edgeId: 'toGhost' }, 'edge "toGhost" goes to missing node "ghost"'),
      problem('MISSING_NODE', { edgeId: 'fromGhost' }, 'edge "fromGhost" comes from missing node "phantom"'),
    ]);
  });

  it('rejects `out` on an if node (it has true/false)', () => {
    const r = validateDefinition(
      doc(
        [START, { id: 'check', type: 'if', parameters: { condition: '{{ true }}' } }, merge('a')],
        edges('e1: start -> check', 'e2: check -> a'),
      ),
    );
    expectErrors(r, [
      problem(
        'INVALID_HANDLE',
        { edgeId: 'e2', nodeId: 'check' },
        'edge "e2": node "check" (if) has no output "out" (has: true, false, error)',
      ),
    ]);
  });

  it('accepts switch handles for listed cases and default, rejects an unlisted case', () => {
    const nodes: NodeIn[] = [
      START,
      { id: 'sw', type: 'switch', parameters: { value: '{{ $input.kind }}', cases: ['a', 'b'] } },
      merge('x'),
      merge('y'),
      merge('z'),
    ];
    const ok = validateDefinition(
      doc(nodes, edges('e1: start -> sw', 'e2: sw[case:a] -> x', 'e3: sw[case:b] -> y', 'e4: sw[default] -> z')),
    );
    expect(ok.ok).toBe(true);
    const bad = validateDefinition(doc(nodes, edges('e1: start -> sw', 'e2: sw[case:c] -> x')));
    expect(errors(bad)).toEqual([{ code: 'INVALID_HANDLE', nodeId: 'sw', edgeId: 'e2', path: undefined }]);
    expect(bad.errors[0]!.message).toBe(
      'edge "e2": node "sw" (switch) has no output "case:c" (has: case:a, case:b, default, error)',
    );
  });

  it('allows an `error` edge from http but not from fail (fail has no outputs)', () => {
    const http = validateDefinition(
      doc(
        [START, { id: 'call', type: 'http', parameters: { url: 'https://x.test' } }, merge('h')],
        edges('e1: start -> call', 'e2: call[error] -> h'),
      ),
    );
    expect(http.ok).toBe(true);
    const fail = validateDefinition(
      doc(
        [START, { id: 'stop', type: 'fail', parameters: { message: 'x' } }, merge('h')],
        edges('e1: start -> stop', 'e2: stop[error] -> h'),
      ),
    );
    expectErrors(fail, [
      problem(
        'INVALID_HANDLE',
        { edgeId: 'e2', nodeId: 'stop' },
        'edge "e2": node "stop" (fail) has no output "error" (it has no outputs)',
      ),
    ]);
  });

  it('rejects an edge into the trigger', () => {
    const r = validateDefinition(doc([START, merge('other')], edges('e1: other -> start')));
    expectErrors(r, [
      problem('INVALID_EDGE', { edgeId: 'e1', nodeId: 'start' }, 'edge "e1": node "start" (trigger) takes no input'),
    ]);
  });

  it('rejects a duplicate edge between the same handle and target', () => {
    const r = validateDefinition(doc([START, merge('a')], edges('e1: start -> a', 'e2: start[out] -> a')));
    expect(errors(r)).toEqual([{ code: 'INVALID_EDGE', nodeId: undefined, edgeId: 'e2', path: undefined }]);
  });

  it('outputHandles adds `error` except where the type has none', () => {
    const def = WorkflowDefinition.parse(
      doc([
        START,
        { id: 'sw', type: 'switch', parameters: { value: 1, cases: ['1', 'x'] } },
        { id: 'f', type: 'fail', parameters: { message: 'm' } },
      ]),
    );
    expect(outputHandles(def.nodes[0]!)).toEqual(['out', 'error']);
    expect(outputHandles(def.nodes[1]!)).toEqual(['case:1', 'case:x', 'default', 'error']);
    expect(outputHandles(def.nodes[2]!)).toEqual([]);
    expect(outputHandles({ ...def.nodes[0]!, type: 'nope' })).toEqual([]);
  });
});

describe('validateDefinition: graph shape', () => {
  it('rejects a cycle a→b→a, naming the edge that closes it', () => {
    const r = validateDefinition(
      doc([START, merge('a'), merge('b')], edges('e1: start -> a', 'e2: a -> b', 'back: b -> a')),
    );
    expectErrors(r, [
      problem(
        'CYCLE',
        { edgeId: 'back', nodeId: 'a' },
        'edge "back" (b → a) closes a cycle; use a loop node instead of back edges',
      ),
    ]);
  });

  it('rejects a longer cycle that is not reachable from the trigger, and warns it is unreachable', () => {
    const r = validateDefinition(
      doc([START, merge('x'), merge('y'), merge('z')], edges('xy: x -> y', 'yz: y -> z', 'zx: z -> x')),
    );
    expect(errors(r)).toEqual([{ code: 'CYCLE', nodeId: 'x', edgeId: 'zx', path: undefined }]);
    expect(r.warnings.map(strip)).toEqual([
      { code: 'UNREACHABLE', nodeId: 'x', edgeId: undefined, path: undefined },
      { code: 'UNREACHABLE', nodeId: 'y', edgeId: undefined, path: undefined },
      { code: 'UNREACHABLE', nodeId: 'z', edgeId: undefined, path: undefined },
    ]);
  });

  it('rejects a self-loop', () => {
    const r = validateDefinition(doc([START, merge('a')], edges('e1: start -> a', 'self: a -> a')));
    expectErrors(r, [problem('CYCLE', { edgeId: 'self', nodeId: 'a' }, 'edge "self" connects node "a" to itself')]);
  });

  it('does not mistake a diamond (fan-out and re-join) for a cycle', () => {
    const r = validateDefinition(
      doc(
        [START, merge('a'), merge('b'), merge('j')],
        edges('e1: start -> a', 'e2: start -> b', 'e3: a -> j', 'e4: b -> j'),
      ),
    );
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('only warns about a node not reachable from the trigger (ok stays true)', () => {
    const r = validateDefinition(doc([START, { id: 'orphan', type: 'transform', parameters: { fields: { a: 1 } } }]));
    expect(r.ok).toBe(true);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      {
        severity: 'warning',
        code: 'UNREACHABLE',
        nodeId: 'orphan',
        message: 'node "orphan" is not reachable from the trigger and will never run',
      },
    ]);
  });

  it('counts a node reached only through an error edge as reachable', () => {
    const r = validateDefinition(
      doc(
        [START, { id: 'call', type: 'http', parameters: { url: 'https://x.test' } }, merge('h')],
        edges('e1: start -> call', 'e2: call[error] -> h'),
      ),
    );
    expect(r.warnings).toEqual([]);
  });
});

describe('validateDefinition: every problem at once', () => {
  it('lists three different problems, each tied to its node or edge', () => {
    const r = validateDefinition(
      doc(
        [
          START,
          { id: 'mystery', type: 'teleport', parameters: {} },
          { id: 'check', type: 'if', parameters: {} },
          merge('after'),
        ],
        edges('e1: start -> mystery', 'e2: start -> check', 'e3: check[yes] -> after'),
      ),
    );
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([
      { code: 'UNKNOWN_NODE_TYPE', nodeId: 'mystery', edgeId: undefined, path: undefined },
      { code: 'MISSING_PARAMETER', nodeId: 'check', edgeId: undefined, path: 'parameters.condition' },
      { code: 'INVALID_HANDLE', nodeId: 'check', edgeId: 'e3', path: undefined },
    ]);
    // Structurally the graph is still analysed: `after` hangs off the invalid handle but is reached.
    expect(r.warnings).toEqual([]);
  });

  it('reports parameter, expression, handle and cycle problems together', () => {
    const r = validateDefinition(
      doc(
        [
          START,
          { id: 'a', type: 'respond', parameters: { status: 'abc', body: '{{ $input. }}' } },
          { id: 'b', type: 'merge', parameters: { mode: 'zip' } },
          merge('c'),
        ],
        edges('e1: start -> a', 'e2: a -> b', 'e3: b -> a', 'e4: b[true] -> c'),
      ),
    );
    expect(errors(r)).toEqual([
      { code: 'INVALID_PARAMETER', nodeId: 'a', edgeId: undefined, path: 'parameters.status' },
      { code: 'INVALID_EXPRESSION', nodeId: 'a', edgeId: undefined, path: 'parameters.body' },
      { code: 'INVALID_PARAMETER', nodeId: 'b', edgeId: undefined, path: 'parameters.mode' },
      { code: 'INVALID_HANDLE', nodeId: 'b', edgeId: 'e4', path: undefined },
      { code: 'CYCLE', nodeId: 'a', edgeId: 'e3', path: undefined },
    ]);
  });

  // SPEC §1: "failures are 400 with every problem listed". validate.ts skips the whole graph
  // analysis (cycles, reachability) as soon as any edge names a missing node, although the
  // analysis copes with dangling edges. Expected to pass once that short-circuit is narrowed
  // to DUPLICATE_ID (where the graph really is ambiguous).
  it('still reports a cycle when another edge points at a missing node', () => {
    const r = validateDefinition(
      doc(
        [START, merge('a'), merge('b')],
        edges('e1: start -> a', 'e2: a -> b', 'back: b -> a', 'dangling: a -> ghost'),
      ),
    );
    expect(errors(r)).toEqual([
      { code: 'MISSING_NODE', nodeId: undefined, edgeId: 'dangling', path: undefined },
      { code: 'CYCLE', nodeId: 'a', edgeId: 'back', path: undefined },
    ]);
  });
});

describe('validateDefinition: document shape (INVALID_DOCUMENT with a path)', () => {
  it('nodes that is not an array', () => {
    const r = validateDefinition({ name: 'x', nodes: { start: { type: 'trigger' } } });
    expect(r.ok).toBe(false);
    expect(r.definition).toBeUndefined();
    expectErrors(r, [
      problem('INVALID_DOCUMENT', { path: 'nodes' }, 'nodes: Invalid input: expected array, received object'),
    ]);
  });

  it('a missing name, and a blank one', () => {
    expect(validateDefinition({ nodes: [START] }).errors).toEqual([
      {
        severity: 'error',
        code: 'INVALID_DOCUMENT',
        path: 'name',
        message: 'name: Invalid input: expected string, received undefined',
      },
    ]);
    expect(validateDefinition({ name: '   ', nodes: [START] }).errors).toEqual([
      { severity: 'error', code: 'INVALID_DOCUMENT', path: 'name', message: 'name: is required' },
    ]);
  });

  it('an extra top-level field', () => {
    const r = validateDefinition({ name: 'x', nodes: [START], owner: 'me' });
    expect(r.errors).toEqual([
      { severity: 'error', code: 'INVALID_DOCUMENT', path: '', message: 'document: Unrecognized key: "owner"' },
    ]);
  });

  it('not an object at all', () => {
    expect(errors(validateDefinition(null))).toEqual([
      { code: 'INVALID_DOCUMENT', nodeId: undefined, edgeId: undefined, path: '' },
    ]);
    expect(errors(validateDefinition('{"name":"x"}'))).toEqual([
      { code: 'INVALID_DOCUMENT', nodeId: undefined, edgeId: undefined, path: '' },
    ]);
  });

  it('names the node or edge an issue is inside, and lists every issue', () => {
    const r = validateDefinition({
      name: 'x',
      nodes: [
        START,
        { id: 'a', type: 'merge', parameters: {}, position: { x: 'left', y: 0 } },
        { id: 'b', type: 'merge', settings: { retry: { maxRetries: -1 } } },
      ],
      edges: [{ id: 'e1', source: 'start' }],
    });
    expect(errors(r)).toEqual([
      { code: 'INVALID_DOCUMENT', nodeId: 'a', edgeId: undefined, path: 'nodes.1.position.x' },
      { code: 'INVALID_DOCUMENT', nodeId: 'b', edgeId: undefined, path: 'nodes.2.settings.retry.maxRetries' },
      { code: 'INVALID_DOCUMENT', nodeId: undefined, edgeId: 'e1', path: 'edges.0.target' },
    ]);
  });

  it('rejects unknown node settings and an unknown backoff type', () => {
    const r = validateDefinition(single({ type: 'merge', settings: { retries: 3, retry: { backoffType: 'random' } } }));
    expect(errors(r)).toEqual([
      { code: 'INVALID_DOCUMENT', nodeId: 'n', edgeId: undefined, path: 'nodes.1.settings.retry.backoffType' },
      { code: 'INVALID_DOCUMENT', nodeId: 'n', edgeId: undefined, path: 'nodes.1.settings' },
    ]);
    expect(r.errors[1]!.message).toBe('nodes.1.settings: Unrecognized key: "retries"');
  });
});
