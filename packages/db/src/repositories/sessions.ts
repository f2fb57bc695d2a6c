import type { Db } from './db';

/** Sign-in sessions (cookie tokens, stored hashed). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the sessions repository's change
export interface SessionRepository {}

export class PrismaSessionRepository implements SessionRepository {
  constructor(protected readonly db: Db) {}
}
