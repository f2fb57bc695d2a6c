import type { ExecutionStatus, StepStatus } from '@weft/engine';

const STATUS = /^[a-z_]+$/;

/**
 * `column IN ('queued', 'running')` for a set of statuses taken from the engine's status table
 * (`LIVE_STATUSES`, `statusesAllowingTransitionTo(…)`), so no statement spells the guard by hand.
 *
 * A literal rather than a parameter (`= ANY($n)`): the statements are prepared once by name with
 * constant text, and the set is fixed at start-up, so a literal adds no parameter to renumber and
 * lets Postgres plan with the values. The values are the engine's own constants, never input;
 * anything that is not a bare status name throws.
 */
export function statusIn(column: string, statuses: readonly (ExecutionStatus | StepStatus)[]): string {
  if (statuses.length === 0) throw new Error(`statusIn(${column}): no status allowed, the statement could never match`);
  for (const s of statuses) if (!STATUS.test(s)) throw new Error(`statusIn(${column}): not a status: ${s}`);
  return `${column} IN (${statuses.map((s) => `'${s}'`).join(', ')})`;
}
