#!/usr/bin/env node
// Weft's web server: Next's request handler behind a plain Node HTTP server, so every request
// carries the TCP peer address in `x-weft-peer-ip` — set here, overwriting anything a client
// sent. Route handlers get no socket, and X-Forwarded-For is client-controlled unless a
// trusted proxy sets it (TRUST_PROXY); webhook IP allowlists need the real peer.
//   node scripts/web-server.mjs [--dev] [-p PORT]
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import next from 'next';

const dir = fileURLToPath(new URL('../apps/web', import.meta.url));
const dev = process.argv.includes('--dev');
const portArg = process.argv.indexOf('-p');
const port = Number(portArg > 0 ? process.argv[portArg + 1] : process.env.PORT || 3000);

const app = next({ dev, dir, port, hostname: '0.0.0.0' });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  req.headers['x-weft-peer-ip'] = req.socket.remoteAddress ?? '';
  handle(req, res);
});
server.listen(port, () => console.log(`[weft] web listening on :${port}${dev ? ' (dev)' : ''}`));

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
