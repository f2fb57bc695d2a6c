import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Our workspace packages ship TypeScript source (`main: src/index.ts`), so Next must
  // compile them like app code.
  transpilePackages: ['@weft/config', '@weft/db', '@weft/engine', '@weft/queue'],
  // Node-only libraries with native/WASM parts or dynamic requires: load them from
  // node_modules at run time instead of bundling them into the server build.
  serverExternalPackages: ['pg', '@prisma/adapter-pg', '@prisma/client', 'bullmq', 'ioredis', 'pino', 'rate-limiter-flexible'],
  poweredByHeader: false,
  // A separate build directory per checkout/run when needed (NEXT_DIST_DIR), so two builds
  // on one machine do not overwrite each other. Build config, not app config.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  // Nothing is read from the environment here: config is validated at first use at run
  // time (packages/config), never at `next build`.
};

export default nextConfig;
