// A TCP proxy in front of a real server (Postgres, Redis) that tests can cut — every open
// connection dropped, new ones refused, as when the server restarts or the network fails —
// and restore on the same port. What goes through is the real server's bytes.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** The upstream URL with this proxy's host and port. */
  url(upstream: string): string;
  /** Drops every connection and stops listening (connections are refused until restore). */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    if (server?.listening) return;
    server = createServer((client) => {
      const upstream = connect(upstreamPort, upstreamHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  };
  const cut = async () => {
    if (!server?.listening) return;
    const closed = new Promise((r) => server!.close(r));
    for (const s of sockets) s.destroy();
    await closed;
  };
  await listen();
  return {
    get port() {
      return port;
    },
    url(upstream: string) {
      const u = new URL(upstream);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut,
    restore: listen,
    close: cut,
  };
}
