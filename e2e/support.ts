import type { Page } from '@playwright/test';

/** The e2e owner account (auth.spec.ts creates it through the UI; other specs reuse it). */
export const OWNER = { name: 'Ada Owner', email: 'ada@example.test', password: 'correct horse battery' };

/**
 * Signs the page's browser context in as the owner through the API (creating the owner
 * first if this spec runs on an empty database), so a spec can start anywhere.
 */
export async function signInAsOwner(page: Page): Promise<void> {
  const setup = await page.request.get('/api/auth/setup');
  const { needed } = (await setup.json()) as { needed: boolean };
  const res = needed
    ? await page.request.post('/api/auth/setup', { data: OWNER })
    : await page.request.post('/api/auth/login', { data: { email: OWNER.email, password: OWNER.password } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
}

/** Creates a workflow through the API (with the page's session) and returns its id. */
export async function createWorkflowViaApi(page: Page, definition: unknown): Promise<string> {
  const res = await page.request.post('/api/workflows/import', { data: definition });
  if (res.status() !== 201) throw new Error(`import failed: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
