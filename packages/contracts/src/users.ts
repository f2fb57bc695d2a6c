import { z } from 'zod';
import { User } from './auth';
import { DisplayName, Email, Password, Timestamp, Uuid } from './common';
import { Role } from './enums';
import { Person } from './grants';

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

export const InviteBody = z
  .object({ email: Email, name: DisplayName, role: Role.default('member') })
  .strict()
  .meta({ id: 'InviteBody' });
export type InviteBody = z.input<typeof InviteBody>;

/** `POST /api/users/invites` answer: the one-time `link` is shown this once. */
export const CreatedInvite = z
  .object({ id: Uuid, email: z.string(), name: z.string(), role: Role, expiresAt: Timestamp, link: z.string() })
  .meta({ id: 'CreatedInvite' });
export type CreatedInvite = z.infer<typeof CreatedInvite>;

/**
 * `GET /api/users/invites`: a pending invite (not used, not expired). Never the token or link
 * (only a hash is stored). `usable` is false while its inviter lacks a role that could make it
 * (deactivated or demoted): its link then answers 404.
 */
export const PendingInvite = z
  .object({
    id: Uuid,
    email: z.string(),
    name: z.string(),
    role: Role,
    invitedBy: Person.nullable().meta({ description: 'Who made the invite.' }),
    createdAt: Timestamp,
    expiresAt: Timestamp,
    usable: z.boolean().meta({
      description:
        'Whether the link works now: false once the inviter was deactivated or lost the role that could make it ' +
        '(it works again if they regain it).',
    }),
  })
  .meta({ id: 'PendingInvite' });
export type PendingInvite = z.infer<typeof PendingInvite>;
