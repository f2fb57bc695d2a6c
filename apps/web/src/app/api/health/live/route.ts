// Liveness answers "is the process serving?" and nothing more, so it deliberately skips
// defineRoute (which builds services and would fail on, say, a bad DATABASE_URL: that is
// readiness's job, and a liveness failure would make an orchestrator restart-loop us).
export const dynamic = 'force-dynamic';

export const GET = Object.assign(
  (): Response => Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } }),
  {
    // Declared like every route (the route × role matrix test reads it).
    permission: 'public' as const,
  },
);
