import { api } from '@/lib/api-client';
import { collectStepPages, STEP_PAGE_MAX_LIMIT } from '@/lib/step-page';
import type { ExecutionDetail } from './types';

/**
 * An execution with every step. The detail route pages steps (a long loop has tens of
 * thousands), so this follows `stepsNextCursor` to the last page, in full-size pages to
 * keep the round trips few. The viewer and the editor's run previews read through it.
 */
export function fetchExecutionDetail(id: string, signal?: AbortSignal): Promise<ExecutionDetail> {
  return collectStepPages((cursor) =>
    api.call('getExecutionsById', {
      params: { id },
      query: { limit: STEP_PAGE_MAX_LIMIT, cursor: cursor ?? undefined },
      signal,
    }),
  );
}
