import { describe, expect, it } from 'vitest';
import { collectStepPages } from '../../src/lib/step-page';

interface Page {
  status: string;
  steps: string[];
  stepsNextCursor: string | null;
}

/** A fake detail route: `pages` in order, each answering the cursor the previous one gave. */
function route(pages: Page[]) {
  const asked: Array<string | null> = [];
  const fetchPage = async (cursor: string | null) => {
    asked.push(cursor);
    const i = cursor === null ? 0 : Number(cursor.slice(1));
    return pages[i]!;
  };
  return { asked, fetchPage };
}

describe('collectStepPages', () => {
  it('follows stepsNextCursor to the last page and joins the steps in order', async () => {
    const { asked, fetchPage } = route([
      { status: 'succeeded', steps: ['a', 'b'], stepsNextCursor: 'p1' },
      { status: 'succeeded', steps: ['c', 'd'], stepsNextCursor: 'p2' },
      { status: 'succeeded', steps: ['e'], stepsNextCursor: null },
    ]);
    const all = await collectStepPages(fetchPage);
    expect(all).toEqual({ status: 'succeeded', steps: ['a', 'b', 'c', 'd', 'e'], stepsNextCursor: null });
    expect(asked).toEqual([null, 'p1', 'p2']);
  });

  it('reads one page when there is no next cursor (or the field is absent)', async () => {
    const { asked, fetchPage } = route([{ status: 'running', steps: ['a'], stepsNextCursor: null }]);
    expect((await collectStepPages(fetchPage)).steps).toEqual(['a']);
    expect(asked).toEqual([null]);
    const old = await collectStepPages(async () => ({ status: 'succeeded', steps: ['x'] }));
    expect(old).toEqual({ status: 'succeeded', steps: ['x'], stepsNextCursor: null });
  });

  it("keeps the first page's execution fields: a run that finished mid-read still reads as running, so it is read again", async () => {
    const { fetchPage } = route([
      { status: 'running', steps: ['a'], stepsNextCursor: 'p1' },
      { status: 'succeeded', steps: ['b'], stepsNextCursor: null },
    ]);
    expect(await collectStepPages(fetchPage)).toMatchObject({ status: 'running', steps: ['a', 'b'] });
  });

  it('stops with an error instead of looping when a cursor does not advance', async () => {
    const { fetchPage } = route([
      { status: 'succeeded', steps: ['a'], stepsNextCursor: 'p1' },
      { status: 'succeeded', steps: ['b'], stepsNextCursor: 'p1' },
    ]);
    await expect(collectStepPages(fetchPage)).rejects.toThrow(/did not advance/);
  });
});
