import { readiness } from '@/server/health';
import { defineRoute } from '@/server/http/define-route';

/** 200 when Postgres and Redis answer and every migration is applied; 503 naming what didn't. */
export const GET = defineRoute({ permission: 'public' }, ({ services }) => readiness(services));
