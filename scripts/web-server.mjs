#!/usr/bin/env node
// Weft's web server: Next's request handler behind a plain Node HTTP server, so every request
// carries the TCP peer address in `x-weft-peer-ip` — set here, overwriting anything a client
// sent. Route handlers get no socket, and X-Forwarded-For is client-controlled unless a
// trusted proxy sets it (TRUST_PROXY); webhook IP allowlists and login throttling need the
// real peer. The header is `<proof> <address>`, where <proof> is a random value made here and
// left on globalThis for the app (apps/web/src/server/http/client-ip.ts): a request that did
// not come through this server (plain `next start`) has no valid proof, so its peer is unknown.
// Every way Weft starts (npm start, apps/web's start script, docker-compose) runs this file.
//   node scripts/web-server.mjs [--dev] [-p PORT]
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import next from 'next';

const dir = fileURLToPath(new URL('../apps/web', import.meta.url));
const dev = process.argv.includes('--dev');
const portArg = process.argv.indexOf('-p');
const port = Number(portArg > 0 ? process.argv[portArg + 1] : process.env.PORT || 3000);

const proof = randomBytes(24).toString('base64url');
globalThis[Symbol.for('weft.peerProof')] = proof;

const app = next({ dev, dir, port, hostname: '0.0.0.0' });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  req.headers['x-weft-peer-ip'] = `${proof} ${req.socket.remoteAddress ?? ''}`;
  handle(req, res);
});
server.listen(port, () => console.log(`[weft] web listening on :${port}${dev ? ' (dev)' : ''}`));

function stop() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
