import { describe, expect, it } from 'vitest';
import { FakeHttp, jsonResponse, runGraph } from '../src/testing';
import sumAndBranch from './fixtures/sum-and-branch.json';
import rejoin from './fixtures/rejoin.json';
import { expectFailed } from './helpers/expect-failed';

describe('runGraph: fixture workflows end to end in memory', () => {
  it('runs the SPEC §1 example: big branch responds, the other is skipped', async () => {
    const r = await runGraph(sumAndBranch, { input: { body: { a: 7, b: 5 } } });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual({ big: true, sum: 12 });
    expect(r.byNode.sum?.output).toEqual({ sum: 12 });
    expect(r.byNode.no?.status).toBe('skipped');
    expect(r.steps.filter((s) => s.status === 'succeeded').map((s) => s.nodeId)).toEqual([
      'start',
      'sum',
      'big',
      'yes',
    ]);
    expect(r.execution.nodesExecuted).toBe(4);
  });

  it('takes the false branch for a small sum', async () => {
    const r = await runGraph(sumAndBranch, { input: { body: { a: 1, b: 2 } } });
    expect(r.execution.output).toEqual({ big: false, sum: 3 });
    expect(r.byNode.yes?.status).toBe('skipped');
  });

  it.each([true, false])('runs the join of re-joined if branches exactly once (flag=%s)', async (flag) => {
    const r = await runGraph(rejoin, { input: { flag } });
    expect(r.execution.status).toBe('succeeded');
    const joins = r.steps.filter((s) => s.nodeId === 'join');
    expect(joins).toHaveLength(1);
    expect(joins[0]!.output).toEqual({ seen: flag ? 'a' : 'b', count: 1 });
    expect(r.byNode[flag ? 'b' : 'a']?.status).toBe('skipped');
    expect(r.execution.output).toEqual({ seen: flag ? 'a' : 'b', count: 1 });
  });

  it('fails the execution at a failing http node and names it', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(404, { message: 'nope' }));
    const r = await runGraph(
      {
        name: 'http fails',
        nodes: [
          { id: 'start', type: 'trigger', parameters: {} },
          { id: 'call', type: 'http', parameters: { url: 'https://api.test/x' } },
          { id: 'after', type: 'transform', parameters: { fields: { x: 1 } } },
        ],
        edges: [
          { id: 'e1', source: 'start', target: 'call' },
          { id: 'e2', source: 'call', target: 'after' },
        ],
      },
      { http },
    );
    expect(r.execution.status).toBe('failed');
    expect(r.execution.errorNodeId).toBe('call');
    expect(r.execution.error).toMatchObject({ code: 'HTTP_ERROR', nodeId: 'call' });
    expect(r.byNode.after).toBeUndefined();
    expect(http.requests).toHaveLength(1); // 404 is permanent: not retried
  });

  it('retries a 503 with backoff, one step per attempt, then succeeds', async () => {
    let calls = 0;
    const http = new FakeHttp().on('GET', 'https://api.test/', () =>
      ++calls < 3 ? jsonResponse(503, {}) : jsonResponse(200, { ok: true }),
    );
    const r = await runGraph(
      {
        name: 'flaky',
        nodes: [
          { id: 'start', type: 'trigger', parameters: {} },
          {
            id: 'call',
            type: 'http',
            parameters: { url: 'https://api.test/flaky' },
            settings: { retry: { maxRetries: 3, backoffMs: 100, backoffType: 'exponential' } },
          },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'call' }],
      },
      { http },
    );
    expect(r.execution.status).toBe('succeeded');
    const attempts = r.steps.filter((s) => s.nodeId === 'call');
    expect(attempts.map((s) => [s.attempt, s.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
    expect(r.execution.output).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('routes a failure along the error edge with { message, code, nodeId }', async () => {
    const r = await runGraph({
      name: 'error edge',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        {
          id: 'boom',
          type: 'http',
          parameters: { url: 'https://nowhere.test/' },
          settings: { retry: { maxRetries: 0 } },
        },
        {
          id: 'handle',
          type: 'transform',
          parameters: { fields: { caught: '{{ $input.code }}', from: '{{ $input.nodeId }}' } },
        },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'boom' },
        { id: 'e2', source: 'boom', sourceHandle: 'error', target: 'handle' },
      ],
    });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual({ caught: 'NETWORK_ERROR', from: 'boom' });
    expect(r.byNode.boom?.status).toBe('failed');
  });
});

describe('runGraph: limits on retries and disabled nodes', () => {
  it('counts retries toward MAX_HTTP_CALLS: the call over the limit fails without going out', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(503, {}));
    const r = await runGraph(
      {
        name: 'retry limit',
        nodes: [
          { id: 'start', type: 'trigger', parameters: {} },
          {
            id: 'call',
            type: 'http',
            parameters: { url: 'https://api.test/x' },
            settings: { retry: { maxRetries: 10, backoffMs: 1 } },
          },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'call' }],
      },
      { http, limits: { maxHttpCalls: 3 } },
    );
    expect(http.requests).toHaveLength(3);
    expectFailed(r, { code: 'LIMIT_EXCEEDED' });
    expect(r.execution.error!.message).toContain('MAX_HTTP_CALLS (3)');
    expect(r.steps.filter((s) => s.nodeId === 'call')).toHaveLength(4);
  });

  it('a disabled node passes its input through without running', async () => {
    const http = new FakeHttp();
    const r = await runGraph(
      {
        name: 'disabled',
        nodes: [
          { id: 'start', type: 'trigger', parameters: {} },
          { id: 'call', type: 'http', parameters: { url: 'https://api.test/x' }, disabled: true },
          { id: 'after', type: 'transform', parameters: { fields: { got: '{{ $input.x }}' } } },
        ],
        edges: [
          { id: 'e1', source: 'start', target: 'call' },
          { id: 'e2', source: 'call', target: 'after' },
        ],
      },
      { http, input: { x: 42 } },
    );
    expect(http.requests).toHaveLength(0);
    expect(r.execution.output).toEqual({ got: 42 });
  });
});
