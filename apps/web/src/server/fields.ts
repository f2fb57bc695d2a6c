import 'server-only';
import { z } from 'zod';

/**
 * Field schemas shared by request bodies, so "a valid email" or "a name" means the same
 * on every route. Messages complete a sentence that starts with the field's path.
 */

/** A string field whose messages say "is required" when absent and "must be a string" otherwise. */
export function text() {
  return z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });
}

/** Trimmed and lower-cased, so `Ann@Example.com ` and `ann@example.com` are one account. */
export const Email = text()
  .trim()
  .toLowerCase()
  .max(320, { message: 'must be at most 320 characters' })
  .pipe(z.email({ message: 'must be a valid email address' }));

// The upper bound only stops multi-megabyte "passwords" from being hashed.
export const Password = text()
  .min(8, { message: 'must be at least 8 characters' })
  .max(1024, { message: 'must be at most 1024 characters' });

export const DisplayName = text()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(200, { message: 'must be at most 200 characters' });

export const RoleName = z.enum(['owner', 'admin', 'member'], { message: 'must be one of owner, admin, member' });

/** Path param for a row id (UUIDv7). */
export const IdParams = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
