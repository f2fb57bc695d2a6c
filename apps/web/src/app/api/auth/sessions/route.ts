import { listSessions } from '@/server/auth/account';
import { defineRoute } from '@/server/http/define-route';

/** The caller's own sessions (`current` marks this one). */
export const GET = defineRoute({ permission: 'signed-in' }, ({ user, services }) => listSessions(services.store, user));
