import 'server-only';
import type { z } from 'zod';
import { ApiError, type ErrorDetail } from './errors';

export type InputSource = 'params' | 'query' | 'body';

/**
 * Validates one part of a request; on failure throws VALIDATION_ERROR with one detail
 * per problem, each naming the field (`body.email`, `query.limit`).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, source: InputSource): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap((issue) => issueDetails(issue, source));
  const first = details[0];
  const summary = first ? `Invalid ${source}: ${first.path} ${first.message}` : `Invalid ${source}`;
  throw new ApiError(
    'VALIDATION_ERROR',
    details.length > 1 ? `${summary} (and ${details.length - 1} more)` : summary,
    details,
  );
}

function issueDetails(issue: z.core.$ZodIssue, source: InputSource): ErrorDetail[] {
  const base = [source, ...issue.path.map(String)];
  // `.strict()` objects report every unknown key in one issue; name each one.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'is not a known field' }));
  }
  return [{ path: base.join('.'), message: friendlyMessage(issue) }];
}

// Zod's default for a missing field is "Invalid input: expected string, received
// undefined"; say what a person means.
function friendlyMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return 'is required';
  return issue.message;
}
