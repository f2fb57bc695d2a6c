import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineError, NonRetryableError, type HttpRequest } from '@weft/engine';
import { createHttpClient, MAX_REDIRECTS, type HttpClient, type HttpClientOptions } from '../src/http-client';
import { isPublicAddress, type ResolveHost } from '../src/ssrf-guard';

/**
 * The `http` node's transport against real sockets on loopback. Without internet no public
 * server can be reached, so 127.0.0.2 plays the public internet: a test policy allows it
 * (and nothing else private), while 127.0.0.1 and [::] are the internal network an attacker
 * wants to reach. Host names are answered by an injected resolver, which is how a test plays
 * a DNS server that changes its answer (rebinding). Linux routes all of 127.0.0.0/8 to
 * loopback; on macOS add the address first (`sudo ifconfig lo0 alias 127.0.0.2`).
 */

interface Target {
  server: Server;
  port: number;
  /** TCP connections accepted: a refused request must not even connect. */
  connections: number;
  sockets: Socket[];
  paths: string[];
}

const PUBLIC_STAND_IN = '127.0.0.2';
let pub: Target; // 127.0.0.2:P, "the internet"
let internal: Target; // 127.0.0.1:P, same port: where a rebound name would lead
let trap: Target; // [::]:T (all loopback addresses, v4 and v6)

const zone = new Map<string, () => string[]>();
const lookups: string[] = [];
const resolveHost: ResolveHost = async (hostname) => {
  lookups.push(hostname);
  const answer = zone.get(hostname);
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answer().map((address) => ({ address, family: isIP(address) === 6 ? 6 : 4 }));
};
/** Answers in turn, repeating the last one (a DNS server with TTL 0 that changes its mind). */
function answers(...seq: string[][]): () => string[] {
  let i = 0;
  return () => seq[Math.min(i++, seq.length - 1)]!;
}

const clients: HttpClient[] = [];
function client(o: Partial<HttpClientOptions> = {}): HttpClient {
  const c = createHttpClient({
    allowPrivate: false,
    maxResponseBytes: 1 << 20,
    resolveHost,
    isAllowedAddress: (a) => a === PUBLIC_STAND_IN || isPublicAddress(a),
    ...o,
  });
  clients.push(c);
  return c;
}

function get(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', url, headers: {}, timeoutMs: 3_000, signal: new AbortController().signal, ...extra };
}

async function failure(p: Promise<unknown>): Promise<EngineError> {
  const err = await p.then(
    (res) => {
      throw new Error(`expected a failure, got ${JSON.stringify(res)}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return err as EngineError;
}

function app(label: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url!, 'http://x');
    const [route, arg] = url.pathname.split('/').filter(Boolean);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      switch (route) {
        case 'chain': {
          // /chain/n redirects n times; odd n uses a relative Location, even n an absolute path.
          const n = Number(arg);
          if (n === 0) return res.end(`done at ${url.pathname}`);
          return res.writeHead(302, { location: n % 2 ? String(n - 1) : `/chain/${n - 1}` }).end();
        }
        case 'status': {
          const to = url.searchParams.get('to');
          return res.writeHead(Number(arg), to === null ? {} : { location: to }).end(`status ${arg}`);
        }
        case 'echo':
          return res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ label, method: req.method, body, headers: req.headers }));
        case 'slow':
          return void setTimeout(() => res.end('late'), Number(url.searchParams.get('ms')));
        case 'close':
          return res.writeHead(200, { connection: 'close' }).end(label);
        case 'big': {
          const chunk = Buffer.alloc(16_384, 'a');
          let sent = 0;
          const write = (): void => {
            while (sent < 64) {
              sent++;
              if (!res.write(chunk)) return void res.once('drain', write);
            }
            res.end();
          };
          return write();
        }
        case 'odd-headers':
          res.setHeader('__proto__', 'polluted');
          res.setHeader('constructor', 'ctor');
          res.setHeader('set-cookie', ['a=1', 'b=2']);
          return res.end('ok');
        case 'bad-utf8':
          return res.end(Buffer.from([0x68, 0xff, 0x69]));
        default:
          return res.end(label);
      }
    });
  };
}

async function listen(label: string, host: string, port = 0): Promise<Target> {
  const server = createServer(app(label));
  const target: Target = { server, port: 0, connections: 0, sockets: [], paths: [] };
  server.on('connection', (socket: Socket) => {
    target.connections++;
    target.sockets.push(socket);
  });
  server.on('request', (req: IncomingMessage) => target.paths.push(req.url!));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  target.port = (server.address() as { port: number }).port;
  return target;
}

beforeAll(async () => {
  trap = await listen('trap', '::');
  for (let attempt = 0; ; attempt++) {
    pub = await listen('public', PUBLIC_STAND_IN);
    try {
      internal = await listen('internal', '127.0.0.1', pub.port);
      break;
    } catch (err) {
      pub.server.close();
      if (attempt === 5) throw err;
    }
  }
});

beforeEach(() => {
  for (const t of [pub, internal, trap]) {
    t.connections = 0;
    t.sockets = [];
    t.paths = [];
  }
  lookups.length = 0;
  zone.clear();
  zone.set('api.test', () => [PUBLIC_STAND_IN]);
  zone.set('other.test', () => [PUBLIC_STAND_IN]);
  zone.set('internal.test', () => ['127.0.0.1']);
});

afterAll(async () => {
  await Promise.allSettled(clients.map(async (c) => c.close()));
  await Promise.all([pub, internal, trap].map((t) => new Promise((r) => t?.server.close(r))));
});

describe('isPublicAddress', () => {
  it.each(['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (a) =>
    expect(isPublicAddress(a)).toBe(true),
  );
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '240.0.0.1',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    'fe80::1',
    'fd00::1',
    'ff02::1',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    'not-an-ip',
  ])('%s is not public', (a) => expect(isPublicAddress(a)).toBe(false));
});

describe('SSRF guard (HTTP_ALLOW_PRIVATE=false)', () => {
  const literals = (port: number) => [
    `http://127.0.0.1:${port}/`,
    `http://0x7f000001:${port}/`,
    `http://2130706433:${port}/`,
    `http://127.1:${port}/`,
    `http://017700000001:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://0.0.0.0:${port}/`,
    `http://[::]:${port}/`,
    `http://[::1]:${port}/`,
  ];

  it('refuses a private IP literal in every spelling, without connecting', async () => {
    const http = client();
    for (const url of [
      ...literals(trap.port),
      `http://[::127.0.0.1]:${trap.port}/`,
      `http://169.254.169.254:${trap.port}/`,
    ]) {
      const err = await failure(http.request(get(url)));
      expect(err, url).toBeInstanceOf(NonRetryableError);
      expect(err.code, url).toBe('SANDBOX_VIOLATION');
      expect(err.message, url).toContain('HTTP_ALLOW_PRIVATE');
    }
    expect(trap.connections).toBe(0);
  });

  it('lets the same spellings reach the loopback server when private targets are allowed', async () => {
    const http = client({ allowPrivate: true });
    for (const url of literals(trap.port)) expect((await http.request(get(url))).body, url).toBe('trap');
    expect(trap.paths).toHaveLength(literals(trap.port).length);
  });

  it('refuses a name whose connect-time answer is private, without connecting', async () => {
    const err = await failure(client().request(get(`http://internal.test:${internal.port}/`)));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({ code: 'SANDBOX_VIOLATION', retryable: false });
    expect(err.message).toBe(
      'host "internal.test" resolves to a non-public address (127.0.0.1); set HTTP_ALLOW_PRIVATE=true to allow it',
    );
    expect(lookups).toEqual(['internal.test']);
    expect(internal.connections).toBe(0);
  });

  it('connects a name to the address its resolver gave when private targets are allowed', async () => {
    const res = await client({ allowPrivate: true }).request(get(`http://internal.test:${internal.port}/`));
    expect(res.body).toBe('internal');
    expect(internal.paths).toEqual(['/']);
  });

  it('refuses a name that resolves to a mix of public and private addresses', async () => {
    zone.set('mixed.test', () => ['93.184.216.34', '127.0.0.1']);
    const err = await failure(client().request(get(`http://mixed.test:${internal.port}/`)));
    expect(err.code).toBe('SANDBOX_VIOLATION');
    expect(err.message).toContain('(127.0.0.1)');
    expect(internal.connections).toBe(0);
  });

  it('DNS rebinding: connects to the address it checked, and checks again for every new connection', async () => {
    // First answer public, every later one 127.0.0.1 — on the same port, so a second
    // resolution that skipped the check would land on `internal`.
    zone.set('rebind.test', answers([PUBLIC_STAND_IN], ['127.0.0.1']));
    const http = client();
    const first = await http.request(get(`http://rebind.test:${pub.port}/close`));
    expect(first.body).toBe('public');
    expect(lookups).toEqual(['rebind.test']);
    // The server closed that connection, so the next request resolves again: now private.
    const err = await failure(http.request(get(`http://rebind.test:${pub.port}/close`)));
    expect(err.code).toBe('SANDBOX_VIOLATION');
    expect(err.message).toContain('host "rebind.test" resolves to a non-public address (127.0.0.1)');
    expect(lookups).toEqual(['rebind.test', 'rebind.test']);
    expect(internal.connections).toBe(0);
  });

  it('refuses a redirect from an allowed host to a private one, without connecting to it', async () => {
    const http = client();
    for (const to of [
      `http://127.0.0.1:${internal.port}/`,
      `http://internal.test:${internal.port}/`,
      `http://[::1]:${internal.port}/`,
    ]) {
      const url = `http://api.test:${pub.port}/status/302?to=${encodeURIComponent(to)}`;
      const err = await failure(http.request(get(url)));
      expect(err, to).toBeInstanceOf(NonRetryableError);
      expect(err.code, to).toBe('SANDBOX_VIOLATION');
      expect(err.message, to).toMatch(
        new RegExp(
          `^GET ${escape(url)} redirected to ${escape(to)}: host "[^"]+" resolves to a non-public address ` +
            `\\((127\\.0\\.0\\.1|::1)\\); set HTTP_ALLOW_PRIVATE=true`,
        ),
      );
    }
    expect(pub.paths).toHaveLength(3);
    expect(internal.connections).toBe(0);
  });

  it('refuses a URL that is not http or https', async () => {
    const err = await failure(client().request(get('data:text/plain,hello')));
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR', retryable: false });
  });
});

// The same redirect rules whether private targets are allowed or not (both paths follow
// redirects hop by hop through the same guarded Agent).
describe.each([
  { allowPrivate: false, base: () => `http://api.test:${pub.port}`, other: () => `http://other.test:${pub.port}` },
  {
    allowPrivate: true,
    base: () => `http://${PUBLIC_STAND_IN}:${pub.port}`,
    other: () => `http://127.0.0.1:${internal.port}`,
  },
])('redirects (allowPrivate=$allowPrivate)', ({ allowPrivate, base, other }) => {
  const http = () => client({ allowPrivate });
  const echoed = (body: string) =>
    JSON.parse(body) as { method: string; body: string; headers: Record<string, string> };

  it(`follows up to MAX_REDIRECTS (${MAX_REDIRECTS}) redirects, relative or absolute, and returns the final response`, async () => {
    const res = await http().request(get(`${base()}/chain/${MAX_REDIRECTS}`));
    expect(res).toMatchObject({ status: 200, body: 'done at /chain/0' });
    expect(pub.paths).toEqual(Array.from({ length: MAX_REDIRECTS + 1 }, (_, i) => `/chain/${MAX_REDIRECTS - i}`));
  });

  it('fails one redirect past the limit, naming the limit, without requesting the next hop', async () => {
    const url = `${base()}/chain/${MAX_REDIRECTS + 1}`;
    const err = await failure(http().request(get(url)));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({
      code: 'HTTP_ERROR',
      retryable: false,
      message: `GET ${url} redirected more than ${MAX_REDIRECTS} times (the limit)`,
    });
    expect(pub.paths).not.toContain('/chain/0');
    expect(pub.paths).toHaveLength(MAX_REDIRECTS + 1);
  });

  it.each([
    { status: 303, method: 'POST', then: 'GET', body: '' },
    { status: 303, method: 'PUT', then: 'GET', body: '' },
    { status: 301, method: 'POST', then: 'GET', body: '' },
    { status: 302, method: 'POST', then: 'GET', body: '' },
    { status: 302, method: 'PUT', then: 'PUT', body: 'payload' },
    { status: 307, method: 'POST', then: 'POST', body: 'payload' },
    { status: 308, method: 'PUT', then: 'PUT', body: 'payload' },
  ])('$status after $method → $then', async ({ status, method, then, body }) => {
    const res = await http().request(
      get(`${base()}/status/${status}?to=/echo`, {
        method,
        body: 'payload',
        headers: { 'content-type': 'text/plain', 'x-keep': '1' },
      }),
    );
    const echo = echoed(res.body);
    expect(echo).toMatchObject({ method: then, body });
    expect(echo.headers['x-keep']).toBe('1');
    expect(echo.headers['content-type']).toBe(then === 'GET' ? undefined : 'text/plain');
  });

  it('keeps credentials on a same-origin redirect and drops them across origins', async () => {
    const headers = {
      authorization: 'Bearer secret',
      cookie: 'sid=1',
      'proxy-authorization': 'Basic x',
      'x-keep': '1',
    };
    const same = echoed((await http().request(get(`${base()}/status/302?to=/echo`, { headers }))).body);
    expect(same.headers).toMatchObject(headers);

    const to = encodeURIComponent(`${other()}/echo`);
    const cross = echoed((await http().request(get(`${base()}/status/302?to=${to}`, { headers }))).body);
    expect(cross.headers['x-keep']).toBe('1');
    expect(cross.headers).not.toHaveProperty('authorization');
    expect(cross.headers).not.toHaveProperty('cookie');
    expect(cross.headers).not.toHaveProperty('proxy-authorization');
  });

  it('returns a 3xx without Location as the response it is', async () => {
    const res = await http().request(get(`${base()}/status/302`));
    expect(res).toMatchObject({ status: 302, body: 'status 302' });
  });

  it('refuses to follow a redirect to another scheme', async () => {
    const err = await failure(
      http().request(get(`${base()}/status/302?to=${encodeURIComponent('file:///etc/passwd')}`)),
    );
    expect(err).toMatchObject({ code: 'HTTP_ERROR', retryable: false });
    expect(err.message).toContain('file:');
  });
});

// What the client always did, on both paths: the guarded one (names through the injected
// resolver) and the private-allowed one (IP literals).
describe.each([
  { allowPrivate: false, base: () => `http://api.test:${pub.port}` },
  { allowPrivate: true, base: () => `http://${PUBLIC_STAND_IN}:${pub.port}` },
])('transport (allowPrivate=$allowPrivate)', ({ allowPrivate, base }) => {
  const http = (o: Partial<HttpClientOptions> = {}) => client({ allowPrivate, ...o });

  it('a slow server is a retryable TIMEOUT', async () => {
    const url = `${base()}/slow?ms=2000`;
    const err = await failure(http().request(get(url, { timeoutMs: 100 })));
    expect(err).toMatchObject({ code: 'TIMEOUT', retryable: true, message: `GET ${url} timed out after 100 ms` });
  });

  it('an aborted step is a retryable TIMEOUT', async () => {
    const url = `${base()}/slow?ms=2000`;
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 50);
    const err = await failure(http().request(get(url, { signal: ctrl.signal })));
    expect(err).toMatchObject({ code: 'TIMEOUT', retryable: true, message: `GET ${url} was aborted` });
  });

  it('a refused connection is a retryable NETWORK_ERROR', async () => {
    const closed = await listen('gone', PUBLIC_STAND_IN);
    await new Promise((r) => closed.server.close(r));
    const url = base().replace(String(pub.port), String(closed.port));
    const err = await failure(http().request(get(`${url}/`)));
    expect(err).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('a body over maxResponseBytes is LIMIT_EXCEEDED', async () => {
    const err = await failure(http({ maxResponseBytes: 100_000 }).request(get(`${base()}/big`)));
    expect(err).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      retryable: false,
      message: 'response body exceeds MAX_PAYLOAD_BYTES (100000 bytes)',
    });
  });

  it('response headers are plain own properties, even __proto__ and constructor; repeats are combined', async () => {
    const { headers } = await http().request(get(`${base()}/odd-headers`));
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toBe('polluted');
    expect(Object.getOwnPropertyDescriptor(headers, 'constructor')?.value).toBe('ctor');
    expect(headers['set-cookie']).toBe('a=1, b=2');
    expect(JSON.parse(JSON.stringify(headers))).toEqual(headers);
  });

  it('decodes the body as UTF-8, replacing invalid bytes', async () => {
    expect((await http().request(get(`${base()}/bad-utf8`))).body).toBe('h\uFFFDi');
  });

  it('reuses pooled connections across requests', async () => {
    const c = http();
    for (let i = 0; i < 10; i++) await c.request(get(`${base()}/`));
    expect(pub.paths).toHaveLength(10);
    expect(pub.connections).toBeLessThanOrEqual(2);
  });

  it('close() ends the pooled connections', async () => {
    const c = http();
    await c.request(get(`${base()}/`));
    expect(pub.sockets.some((s) => !s.closed)).toBe(true);
    await c.close();
    await expect.poll(() => pub.sockets.every((s) => s.closed)).toBe(true);
    const err = await failure(c.request(get(`${base()}/`)));
    expect(err.code).toBe('NETWORK_ERROR');
    expect(pub.paths).toHaveLength(1);
  });
});

describe('name resolution', () => {
  it('an unknown name is a retryable NETWORK_ERROR', async () => {
    const err = await failure(client().request(get('http://nowhere.test/')));
    expect(err).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(err.message).toContain('cannot resolve host "nowhere.test"');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
