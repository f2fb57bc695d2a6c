import { checkReadiness } from '../../../../server/health';
import { defineRoute } from '../../../../server/http/define-route';

/** 200 when Postgres (and Redis, when configured) answer; 503 naming what didn't. */
export const GET = defineRoute({ permission: 'public' }, ({ services }) => checkReadiness(services));
