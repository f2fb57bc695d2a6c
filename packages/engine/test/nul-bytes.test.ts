import { describe, expect, it } from 'vitest';
import { startExecution, WorkflowDefinition, type ExecutionCreator, type NewExecution } from '../src';
import type { WorkflowDefinitionInput } from '../src/definition';
import type { Checkpoint } from '../src/execution-store';
import { FakeHttp, MemoryExecutionStore, MemoryWakeQueue, runGraph } from '../src/testing';
import { expectFailed } from './helpers/expect-failed';

/**
 * Postgres jsonb refuses U+0000 in strings and keys. The engine replaces it with U+FFFD
 * wherever a value enters an execution, so a store never sees one — checked here with a
 * store that refuses NUL like jsonb does (without the adapters' own last line of defence).
 */

const NUL = '\u0000';
const FFFD = '\uFFFD';
const hasNul = (v: unknown) => (JSON.stringify(v) ?? '').includes('\\u0000');

class JsonbLikeStore extends MemoryExecutionStore {
  override async checkpoint(id: string, fence: number, cp: Checkpoint, leaseMs: number): Promise<boolean> {
    if (hasNul(cp)) throw new Error('unsupported Unicode escape sequence (checkpoint)');
    return super.checkpoint(id, fence, cp, leaseMs);
  }
}

async function run(doc: WorkflowDefinitionInput, opts: { http?: FakeHttp; input?: unknown } = {}) {
  const r = await runGraph(doc, {
    http: opts.http ?? new FakeHttp(),
    input: (opts.input ?? {}) as never,
    retry: { maxRetries: 0 },
    store: (clock) => new JsonbLikeStore({ clock }),
  });
  return { execution: r.execution, step: (id: string) => r.steps.find((s) => s.nodeId === id) };
}

const chain = (nodes: WorkflowDefinitionInput['nodes']): WorkflowDefinitionInput => ({
  name: 'nul',
  nodes: [{ id: 'start', type: 'trigger', parameters: {} }, ...nodes],
  edges: nodes.map((n, i) => ({ id: `e${i}`, source: i === 0 ? 'start' : nodes[i - 1]!.id, target: n.id })),
});

describe('U+0000 in values that enter an execution', () => {
  it('an http response body with \\u0000 is stored with U+FFFD, and the next node sees the same', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"a":"x\\u0000y","k\\u0000":1}',
    });
    const r = await run(
      chain([
        { id: 'call', type: 'http', parameters: { url: 'https://api.test/nul' } },
        {
          id: 'after',
          type: 'transform',
          parameters: { fields: { a: '{{ $nodes.call.body.a }}', same: '{{ $input.body.a = $nodes.call.body.a }}' } },
        },
      ]),
      { http },
    );
    expect(r.execution.status).toBe('succeeded');
    expect(r.step('call')?.output).toMatchObject({ body: { a: `x${FFFD}y`, [`k${FFFD}`]: 1 } });
    expect(r.step('after')?.input).toMatchObject({ body: { a: `x${FFFD}y` } });
    expect(r.execution.output).toEqual({ a: `x${FFFD}y`, same: true });
  });

  it('a JSONata expression producing U+0000 (in a value and a key) is stored with U+FFFD', async () => {
    const r = await run(
      chain([
        {
          id: 't',
          type: 'transform',
          parameters: {
            fields: { s: '{{ "a\\u0000b" }}', o: '{{ {"k\\u0000": "v\\u0000"} }}', i: 'x{{ "\\u0000" }}y' },
          },
        },
      ]),
    );
    expect(r.execution.status).toBe('succeeded');
    expect(r.step('t')?.output).toEqual({ s: `a${FFFD}b`, o: { [`k${FFFD}`]: `v${FFFD}` }, i: `x${FFFD}y` });
  });

  it('a failure whose message holds U+0000 fails the execution (not stuck) with U+FFFD in the error', async () => {
    const r = await run(chain([{ id: 'boom', type: 'fail', parameters: { message: '{{ "bad\\u0000thing" }}' } }]));
    expect(r.execution.status).toBe('failed');
    expect(r.execution.error?.message).toBe(`bad${FFFD}thing`);
    expect(r.step('boom')?.error?.message).toBe(`bad${FFFD}thing`);
  });

  it("a respond node's body with U+0000 is stored with U+FFFD", async () => {
    const r = await run(
      chain([
        { id: 'reply', type: 'respond', parameters: { headers: { 'x-a': 'h' }, body: '{{ {"b": "v\\u0000"} }}' } },
      ]),
    );
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual({ b: `v${FFFD}` });
    expect(r.execution.state.response).toEqual({ status: 200, headers: { 'x-a': 'h' }, body: { b: `v${FFFD}` } });
  });

  it('a respond header with U+0000 fails the node (an HTTP header cannot carry it), not the store', async () => {
    const r = await run(
      chain([{ id: 'reply', type: 'respond', parameters: { headers: { 'x-a': '{{ "h\\u0000" }}' }, body: 1 } }]),
    );
    expectFailed(r, {
      code: 'VALIDATION_ERROR',
      nodeId: 'reply',
      message: expect.stringContaining('headers.x-a'),
    });
  });
});

describe('startExecution', () => {
  it('stores the trigger payload with U+FFFD for U+0000 in values and keys', async () => {
    const created: NewExecution[] = [];
    const executions: ExecutionCreator = {
      createExecution: async (e) => {
        if (hasNul(e)) throw new Error('unsupported Unicode escape sequence');
        created.push(e);
        return { id: 'exec_1' };
      },
    };
    const definition = WorkflowDefinition.parse(chain([]));
    await startExecution(
      { executions, wakes: new MemoryWakeQueue() },
      {
        workflowId: 'wf',
        workflowVersionId: 'v',
        version: 1,
        trigger: 'manual',
        triggerData: { [`k${NUL}`]: [`x${NUL}y`] },
        definition,
      },
    );
    expect(created[0]!.triggerData).toEqual({ [`k${FFFD}`]: [`x${FFFD}y`] });
  });
});
