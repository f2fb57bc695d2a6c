import { z } from 'zod';
import { DisplayName, Email, Password, text, Timestamp, Uuid } from './common';
import { AuthVia, Role } from './enums';

/** Sessions, first-run setup, invites and the caller's own account (docs/access.md). */

/** The public view of a user (SPEC §7: `{ id, email, name, role }`). */
export const User = z
  .object({ id: Uuid, email: z.string(), name: z.string(), role: Role, createdAt: Timestamp })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const SetupBody = z
  .object({ email: Email, password: Password, name: DisplayName })
  .strict()
  .meta({ id: 'SetupBody' });
export type SetupBody = z.infer<typeof SetupBody>;

export const SetupStatus = z
  .object({ needed: z.boolean().meta({ description: 'Whether first-run setup is still open.' }) })
  .meta({ id: 'SetupStatus' });
export type SetupStatus = z.infer<typeof SetupStatus>;

// Deliberately looser than sign-up rules: a login never says which part was wrong.
export const LoginBody = z
  .object({
    email: text().trim().toLowerCase().min(1, { message: 'is required' }).max(320),
    password: text().min(1, { message: 'is required' }).max(1024),
  })
  .strict()
  .meta({ id: 'LoginBody' });
export type LoginBody = z.infer<typeof LoginBody>;

/** `GET /api/auth/me`: the caller and how it authenticated. */
export const Me = z
  .object({ id: Uuid, email: z.string(), name: z.string(), role: Role, via: AuthVia })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

export const ChangePasswordBody = z
  .object({ currentPassword: text().max(1024, { message: 'must be at most 1024 characters' }), newPassword: Password })
  .strict()
  .meta({ id: 'ChangePasswordBody' });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const Session = z
  .object({
    id: Uuid,
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    expiresAt: Timestamp,
    current: z.boolean().meta({ description: 'The session making this request.' }),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const SessionList = z.object({ items: z.array(Session), nextCursor: z.null() }).meta({ id: 'SessionList' });
export type SessionList = z.infer<typeof SessionList>;

const InviteToken = text().min(1, { message: 'is required' }).max(200, { message: 'must be at most 200 characters' });

export const InviteQuery = z.object({ token: InviteToken });

/** What an invite link is for (the accept page shows it). */
export const InviteInfo = z
  .object({ email: z.string(), name: z.string(), role: Role, expiresAt: Timestamp })
  .meta({ id: 'InviteInfo' });
export type InviteInfo = z.infer<typeof InviteInfo>;

export const AcceptInviteBody = z
  .object({ token: InviteToken, password: Password, name: DisplayName.optional() })
  .strict()
  .meta({ id: 'AcceptInviteBody' });
export type AcceptInviteBody = z.infer<typeof AcceptInviteBody>;
