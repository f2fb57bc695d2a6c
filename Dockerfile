# One image for web and worker (compose picks the command).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm ci --no-audit --no-fund && npx prisma generate && node node_modules/next/dist/bin/next build apps/web
EXPOSE 3000
