/**
 * Paging the steps of `GET /api/executions/:id` (docs/api.md). The limits are the API's
 * (@weft/contracts), so the viewer's full pages and the route agree.
 */
export { STEP_PAGE_DEFAULT_LIMIT, STEP_PAGE_MAX_LIMIT } from '@weft/contracts';

export interface StepPage<S> {
  steps: S[];
  stepsNextCursor?: string | null;
}

/**
 * Reads every page of an execution's steps: the execution's own fields come from the first
 * page, the steps from all of them in order. Taking the summary from the first page is
 * what keeps this correct on a running execution: a step recorded between two page reads
 * may sort before the cursor and be missed, but then the first page said `running`, so the
 * caller reads again; once the first page says a final status, no step is added later.
 */
export async function collectStepPages<S, P extends StepPage<S>>(
  fetchPage: (cursor: string | null) => Promise<P>,
): Promise<P & { steps: S[]; stepsNextCursor: null }> {
  const first = await fetchPage(null);
  const steps = [...first.steps];
  let cursor = first.stepsNextCursor ?? null;
  while (cursor !== null) {
    const page = await fetchPage(cursor);
    steps.push(...page.steps);
    const next = page.stepsNextCursor ?? null;
    // Keyset cursors always move forward; a repeat would loop forever.
    if (next === cursor) throw new Error(`step paging did not advance past cursor ${cursor}`);
    cursor = next;
  }
  return { ...first, steps, stepsNextCursor: null };
}
