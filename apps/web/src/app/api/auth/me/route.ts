import { defineRoute } from '@/server/http/define-route';

/** The caller: `{ id, email, name, role, via }` (`via`: "session" or "api_key"). */
export const GET = defineRoute({ permission: 'signed-in' }, ({ user }) => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  via: user.via,
}));
