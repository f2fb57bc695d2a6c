import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Our workspace packages ship TypeScript source (`main: src/index.ts`), so Next must
  // compile them like app code.
  transpilePackages: [
    '@weft/config',
    '@weft/contracts',
    '@weft/db',
    '@weft/engine',
    '@weft/observability',
    '@weft/queue',
  ],
  // Node-only libraries with native/WASM parts or dynamic requires: load them from
  // node_modules at run time instead of bundling them into the server build.
  serverExternalPackages: [
    'pg',
    '@prisma/adapter-pg',
    '@prisma/client',
    'bullmq',
    'ioredis',
    'pino',
    'pino-pretty',
    'prom-client',
    'rate-limiter-flexible',
  ],
  poweredByHeader: false,
  // Every page and API answer (docs/security.md): no framing by other sites (clickjacking),
  // no MIME sniffing, no full URLs leaked in Referer, no plugins, forms and <base> only to
  // ourselves. A script-src policy would need per-request nonces for Next's inline scripts;
  // the editor renders no user HTML, so these are the headers that buy the most.
  // Not on /api/hooks/*: a config header replaces one a route set, and hook replies carry
  // their own `Content-Security-Policy: sandbox` (server/webhooks/response-headers.ts) —
  // e2e/security.spec.ts caught this rule silently dropping it.
  async headers() {
    return [
      {
        source: '/((?!api/hooks/).*)',
        headers: [
          {
            key: 'Content-Security-Policy',
            value: "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
          },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
  // A separate build directory per checkout/run when needed (NEXT_DIST_DIR), so two builds
  // on one machine do not overwrite each other. Build config, not app config.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  // Nothing is read from the environment here: config is validated at first use at run
  // time (packages/config), never at `next build`.
};

export default nextConfig;
