import type { Db } from './db';

/** Users and pending invites. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the users repository's change
export interface UserRepository {}

export class PrismaUserRepository implements UserRepository {
  constructor(protected readonly db: Db) {}
}
