import { apiFetch } from '@/lib/api-client';
import { collectStepPages, STEP_PAGE_MAX_LIMIT } from '@/lib/step-page';
import type { ExecutionDetail } from './types';

/**
 * An execution with every step. The detail route pages steps (a long loop has tens of
 * thousands), so this follows `stepsNextCursor` to the last page, in full-size pages to
 * keep the round trips few. The viewer and the editor's run previews read through it.
 */
export function fetchExecutionDetail<E extends { steps: unknown[] } = ExecutionDetail>(
  id: string,
  signal?: AbortSignal,
) {
  const path = `/api/executions/${encodeURIComponent(id)}?limit=${STEP_PAGE_MAX_LIMIT}`;
  return collectStepPages<E['steps'][number], E & { stepsNextCursor?: string | null }>((cursor) =>
    apiFetch(cursor === null ? path : `${path}&cursor=${encodeURIComponent(cursor)}`, { signal }),
  );
}
