import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, createMetrics, metricsAccess, runChecks, CheckFailed, wantsPrettyLogs } from '../src';

function sink() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('writes JSON lines with the service, a level name and an ISO time, and redacts secrets at any of the usual depths', () => {
    const { lines, stream } = sink();
    const log = createLogger({ service: 'worker', level: 'info' }, stream);
    log.child({ executionId: 'e1' }).info(
      {
        password: 'hunter2',
        req: { headers: { authorization: 'Bearer wk_abc', cookie: 'weft_session=s', 'set-cookie': 'x' } },
        body: { secret: 'whsec_1', name: 'kept' },
        token: 't',
      },
      'hello',
    );
    log.debug({}, 'not at info');
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({
      service: 'worker',
      level: 'info',
      msg: 'hello',
      executionId: 'e1',
      password: '[redacted]',
      token: '[redacted]',
      body: { secret: '[redacted]', name: 'kept' },
    });
    expect(line.req).toEqual({
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'set-cookie': '[redacted]' },
    });
    expect(new Date(String(line.time)).toISOString()).toBe(line.time);
    expect(JSON.stringify(line)).not.toMatch(/hunter2|wk_abc|whsec_1/);
  });

  it('is pretty only in development on a terminal', () => {
    expect(wantsPrettyLogs('development', true)).toBe(true);
    expect(wantsPrettyLogs('development', false)).toBe(false);
    expect(wantsPrettyLogs('production', true)).toBe(false);
  });
});

describe('createMetrics', () => {
  it('exports every SPEC §8 metric with what the observer saw, and the process metrics', async () => {
    const m = createMetrics({
      queueDepths: async () => [
        { queue: 'executions', state: 'waiting', count: 3 },
        { queue: 'executions', state: 'active', count: 1 },
      ],
      workers: async () => ({ live: 2, gone: 1 }),
    });
    m.observer.stepsRecorded([
      { type: 'http', status: 'succeeded', durationMs: 12 },
      { type: 'http', status: 'failed', durationMs: 30 },
      { type: 'if', status: 'skipped', durationMs: 0 },
    ]);
    m.observer.executionFinished({ status: 'failed', trigger: 'webhook', durationMs: 42 });
    m.httpCall();
    m.webhookRequest(202);
    m.webhookRequest(401);
    const text = await m.render();
    expect(text).toContain('weft_executions_total{status="failed",trigger="webhook"} 1');
    expect(text).toContain('weft_execution_duration_seconds_bucket{le="0.05",status="failed"} 1');
    expect(text).toContain('weft_node_runs_total{type="http",status="succeeded"} 1');
    expect(text).toContain('weft_node_runs_total{type="if",status="skipped"} 1');
    expect(text).toContain('weft_node_duration_seconds_count{type="http"} 2');
    expect(text).not.toContain('weft_node_duration_seconds_count{type="if"}');
    expect(text).toContain('weft_http_calls_total 1');
    expect(text).toContain('weft_webhook_requests_total{status="401"} 1');
    expect(text).toContain('weft_queue_jobs{queue="executions",state="waiting"} 3');
    expect(text).toContain('weft_workers{state="gone"} 1');
    expect(text).toContain('weft_workers{state="stopped"} 0');
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
  });

  it('a failing source leaves its gauge empty and reports the failure instead of failing the scrape', async () => {
    const errors: string[] = [];
    const m = createMetrics({
      queueDepths: async () => Promise.reject(new Error('redis down')),
      onCollectError: (what) => errors.push(what),
    });
    const text = await m.render();
    expect(text).toContain('# TYPE weft_queue_jobs gauge');
    expect(text).not.toMatch(/^weft_queue_jobs\{/m);
    expect(errors).toEqual(['queue depths']);
  });
});

describe('runChecks', () => {
  it('names each failed check with a safe message, and times out a hanging one', async () => {
    const r = await runChecks(
      {
        ok: async () => undefined,
        broken: async () => Promise.reject(new Error('connect ECONNREFUSED postgres://user@host')),
        said: async () => Promise.reject(new CheckFailed('2 migrations not applied')),
        hangs: () => new Promise(() => undefined),
      },
      50,
    );
    expect(r.map(({ name, ok, message }) => ({ name, ok, message }))).toEqual([
      { name: 'ok', ok: true, message: undefined },
      { name: 'broken', ok: false, message: 'check failed' },
      { name: 'said', ok: false, message: '2 migrations not applied' },
      { name: 'hangs', ok: false, message: 'no answer within 50 ms' },
    ]);
  });
});

describe('metricsAccess', () => {
  const cidrs = ['127.0.0.1/32', '10.0.0.0/8'];
  it('lets an allowed address scrape without a token, and refuses others with 403 when no token is set', () => {
    expect(metricsAccess({ token: undefined, allowCidrs: cidrs }, { authorization: null, ip: '10.1.2.3' })).toBe(
      'allowed',
    );
    expect(
      metricsAccess({ token: undefined, allowCidrs: cidrs }, { authorization: null, ip: '::ffff:127.0.0.1' }),
    ).toBe('allowed');
    expect(metricsAccess({ token: undefined, allowCidrs: cidrs }, { authorization: null, ip: '192.168.1.1' })).toBe(
      'forbidden',
    );
    expect(metricsAccess({ token: undefined, allowCidrs: cidrs }, { authorization: null, ip: null })).toBe('forbidden');
    expect(metricsAccess({ token: undefined, allowCidrs: [] }, { authorization: null, ip: '10.1.2.3' })).toBe(
      'forbidden',
    );
  });
  it('with a token: the right bearer from anywhere, a wrong one from nowhere, none only from an allowed address', () => {
    const s = { token: 'metrics-token-0123456789', allowCidrs: cidrs };
    expect(metricsAccess(s, { authorization: 'Bearer metrics-token-0123456789', ip: '203.0.113.9' })).toBe('allowed');
    expect(metricsAccess(s, { authorization: 'Bearer wrong', ip: '10.0.0.1' })).toBe('unauthorized');
    expect(metricsAccess(s, { authorization: null, ip: '10.0.0.1' })).toBe('allowed');
    expect(metricsAccess(s, { authorization: null, ip: '203.0.113.9' })).toBe('unauthorized');
  });
});
