import { z } from 'zod';
import { User } from './auth';
import { DisplayName, Email, Password, Timestamp, Uuid } from './common';
import { Role } from './enums';

/** Users and invites, managed by owners and admins (docs/access.md). */

/** A user as the users list and PATCH answer carry it: `active` is false once deactivated. */
export const ManagedUser = User.extend({ active: z.boolean() }).meta({ id: 'ManagedUser' });
export type ManagedUser = z.infer<typeof ManagedUser>;

export const CreateUserBody = z
  .object({ email: Email, name: DisplayName, password: Password, role: Role.default('member') })
  .strict()
  .meta({ id: 'CreateUserBody' });
export type CreateUserBody = z.input<typeof CreateUserBody>;

export const UpdateUserBody = z
  .object({ name: DisplayName, role: Role, active: z.boolean({ message: 'must be true or false' }) })
  .partial()
  .strict()
  .meta({ id: 'UpdateUserBody' });
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const InviteBody = z.object({ email: Email, name: DisplayName, role: Role.default('member') }).strict().meta({ id: 'InviteBody' });
export type InviteBody = z.input<typeof InviteBody>;

/** `POST /api/users/invites` answer: the one-time `link` is shown this once. */
export const CreatedInvite = z
  .object({ id: Uuid, email: z.string(), name: z.string(), role: Role, expiresAt: Timestamp, link: z.string() })
  .meta({ id: 'CreatedInvite' });
export type CreatedInvite = z.infer<typeof CreatedInvite>;
