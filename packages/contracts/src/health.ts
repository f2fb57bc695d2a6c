import { z } from 'zod';

/** Probes (docs/operations.md). A failed readiness check is a 503 error naming each dependency in `details`. */
export const Liveness = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' });
export const Readiness = z
  .object({ status: z.literal('ok'), checks: z.record(z.string(), z.literal('ok')) })
  .meta({ id: 'Readiness' });
