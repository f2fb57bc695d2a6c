// The typed client against a real HTTP server (node:http): what each kind of answer becomes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClientError, createApiClient, fieldErrors, isUnauthenticated } from '../src/client';

const WORKFLOW_ID = '0190a4b8-2d4e-7c3a-9f00-000000000001';
const workflow = {
  id: WORKFLOW_ID,
  name: 'Sum',
  description: '',
  activeVersion: null,
  latestVersion: 2,
  createdById: null,
  createdAt: '2026-12-07T16:00:00.000Z',
  updatedAt: '2026-12-07T16:00:00.000Z',
  definition: { name: 'Sum', nodes: [], edges: [] },
  can: { edit: true, delete: true, execute: true },
};

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end();
const seen: Array<{ method?: string; url?: string; headers: IncomingMessage['headers']; body: string }> = [];
let server: Server;
let baseUrl = '';

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => createApiClient({ baseUrl, headers: { authorization: 'Bearer wft_test' } });

describe('createApiClient', () => {
  it('builds the URL from the template (encoding params), sends JSON and parses the answer with its schema', async () => {
    handler = (_req, _body, res) => json(res, 200, { ...workflow, extra: 'dropped' });
    const got = await client().call('getWorkflowsById', { params: { id: 'a b/c' } });
    expect(got).toEqual(workflow);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/workflows/a%20b%2Fc' });
    expect(seen.at(-1)!.headers.authorization).toBe('Bearer wft_test');

    handler = (_req, _body, res) => json(res, 200, { items: [], nextCursor: null });
    await client().call('getExecutions', { query: { limit: 5, status: ['failed', 'timed_out'], cursor: undefined } });
    expect(seen.at(-1)!.url).toBe('/api/executions?limit=5&status=failed&status=timed_out');

    handler = (_req, _body, res) => json(res, 202, { executionId: WORKFLOW_ID });
    const run = await client().call('postWorkflowsByIdRun', { params: { id: WORKFLOW_ID }, body: { input: { a: 1 } } });
    expect(run.executionId).toBe(WORKFLOW_ID);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"input":{"a":1}}' });
    expect(seen.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('refuses an answer that drifted from the contract, naming the operation and the field', async () => {
    handler = (_req, _body, res) => json(res, 200, { ...workflow, latestVersion: '2' });
    const err = await client()
      .call('getWorkflowsById', { params: { id: WORKFLOW_ID } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiClientError);
    expect(err).toMatchObject({ code: 'RESPONSE_MISMATCH', status: 200, operation: 'getWorkflowsById' });
    expect((err as Error).message).toMatch(/^getWorkflowsById: .*latestVersion: /);

    handler = (_req, _body, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    await expect(client().call('getAuthMe')).rejects.toMatchObject({ code: 'RESPONSE_MISMATCH' });

    handler = (_req, _body, res) => json(res, 200, { executionId: WORKFLOW_ID });
    await expect(client().call('postWorkflowsByIdRun', { params: { id: WORKFLOW_ID }, body: {} })).rejects.toThrow(
      'postWorkflowsByIdRun: the server answered 200, which the contract does not list',
    );
  });

  it("maps the server's error body to ApiClientError with status, code and details", async () => {
    handler = (_req, _body, res) =>
      json(res, 400, {
        error: {
          code: 'VALIDATION_ERROR',
          message: 'Invalid input',
          details: [{ path: 'body.email', message: 'must be a valid email address' }],
        },
      });
    const err = await client()
      .call('postAuthLogin', { body: { email: 'x', password: 'y' } })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', message: 'Invalid input' });
    expect(fieldErrors(err)).toEqual({ email: 'must be a valid email address' });

    handler = (_req, _body, res) => json(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in' } });
    const unauth = await client()
      .call('getAuthMe')
      .catch((e: unknown) => e);
    expect(isUnauthenticated(unauth)).toBe(true);
    expect(unauth).toMatchObject({ details: [] });

    handler = (_req, _body, res) => res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' }).end('<h1>');
    await expect(client().call('getAuthMe')).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_ERROR',
      message: 'The server answered 502 Bad Gateway',
    });
  });

  it('answers undefined for a 204', async () => {
    handler = (_req, _body, res) => res.writeHead(204).end();
    await expect(client().call('deleteWorkflowsById', { params: { id: WORKFLOW_ID } })).resolves.toBeUndefined();
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', url: `/api/workflows/${WORKFLOW_ID}` });
  });

  it('turns a network failure into NETWORK_ERROR (status 0), and lets an abort through', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await createApiClient({ baseUrl: `http://127.0.0.1:${port}` })
      .call('getAuthMe')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'NETWORK_ERROR', operation: 'getAuthMe' });
    expect((err as Error).cause).toBeDefined();

    handler = () => {}; // never answers
    const controller = new AbortController();
    const pending = client().call('getAuthMe', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('gives non-JSON answers raw, and still maps their errors', async () => {
    handler = (_req, _body, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('weft_up 1\n');
    const res = await client().raw('getMetrics');
    expect(await res.text()).toBe('weft_up 1\n');

    handler = (_req, _body, res) => json(res, 404, { error: { code: 'NOT_FOUND', message: 'No such execution' } });
    await expect(client().raw('getExecutionsByIdEvents', { params: { id: WORKFLOW_ID } })).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(client().url('getExecutionsByIdEvents', { params: { id: WORKFLOW_ID }, query: { lastEventId: '3' } })).toBe(
      `${baseUrl.slice(0, -1)}/api/executions/${WORKFLOW_ID}/events?lastEventId=3`,
    );
  });
});
