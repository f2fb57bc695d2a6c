// The soak's effect: a loopback HTTP server its workflow's `http` node POSTs to. It records
// every call it receives, per execution id (sent in the body), with the time it arrived —
// so a call made again after its step was recorded as finished can be told from one that
// was in flight when its worker died (which may legitimately be made again).
import { createServer, type Server } from 'node:http';

export interface HitTarget {
  url: string;
  /** Arrival times (ms since the epoch) of every call, by execution id. */
  hits: Map<string, number[]>;
  /** Calls whose body named no execution id. */
  malformed: number;
  close(): Promise<void>;
}

/** Answers `200 {"hits": <calls so far for this execution>}` after `delayMs`. */
export function startHitTarget(delayMs: number): Promise<HitTarget> {
  const hits = new Map<string, number[]>();
  const target = { hits, malformed: 0 } as HitTarget;
  const server: Server = createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let id: unknown;
      try {
        id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { executionId?: unknown }).executionId;
      } catch {
        // counted below
      }
      if (typeof id !== 'string' || id === '') {
        target.malformed++;
        res.writeHead(400).end();
        return;
      }
      const times = hits.get(id) ?? [];
      times.push(at);
      hits.set(id, times);
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hits: times.length })),
        delayMs,
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      target.url = `http://127.0.0.1:${port}/hit`;
      target.close = () =>
        new Promise((r) => {
          server.closeAllConnections();
          server.close(() => r());
        });
      resolve(target);
    });
  });
}
