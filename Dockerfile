# One image for every Weft process; the command picks which (docs/operations.md):
#   web (default)   node scripts/web-server.mjs          (port: PORT, default 3000)
#   worker          node --import tsx apps/worker/src/main.ts
#   migrations      node scripts/migrate.mjs      (one-shot, before web and workers start)
# Build: docker build -t weft .        Runs as the unprivileged `node` user (uid 1000).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# Only the package manifests, so `npm ci` below is cached until a dependency changes:
# every package.json of the workspaces (found, not listed: a new workspace needs no edit
# here) and the lockfile. This stage re-runs on any change, but its output rarely differs.
FROM base AS manifests
COPY . /src
RUN cd /src \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents '{}' /app/ ';' \
 && cp package-lock.json /app/

FROM base AS build
COPY --from=manifests /app/ ./
RUN npm ci --no-audit --no-fund
COPY . .
# The Prisma client is generated code (git-ignored); the web app is built once here, never
# at start-up. Next's build cache is not needed at run time.
RUN node node_modules/prisma/build/index.js generate \
 && node node_modules/next/dist/bin/next build apps/web \
 && rm -rf apps/web/.next/cache

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WORKER_METRICS_PORT=9464
# node_modules keeps the dev dependencies: the migration command runs the Prisma CLI, pg
# and the wasm schema engine, which are dev dependencies of the workspace root.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json /app/prisma.config.ts /app/tsconfig.json /app/tsconfig.base.json ./
COPY --from=build /app/apps ./apps
COPY --from=build /app/packages ./packages
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/deploy/docker ./deploy/docker
# Files stay owned by root (the app can't rewrite its own code); the one directory Next
# writes at run time is the node user's. Under a read-only root filesystem (Helm), /tmp
# and this directory are emptyDir volumes.
RUN mkdir -p apps/web/.next/cache && chown node:node apps/web/.next/cache
USER node
EXPOSE 3000 9464
# Probes whichever Weft process this container runs (web or worker) on its readiness URL.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["node", "deploy/docker/healthcheck.mjs"]
CMD ["node", "scripts/web-server.mjs"]
