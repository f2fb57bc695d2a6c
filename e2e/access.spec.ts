import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createWorkflowViaApi, OWNER, signInAsOwner } from './support';

// Access control as people meet it: the owner makes a member on the Users page and shares a
// workflow with them as Run-only; the member can run it but not save it; the Audit page has
// both changes. Users are made through the UI, the workflow through the API (STYLE.md).

test.describe.configure({ mode: 'serial' });

const stamp = Date.now().toString(36);
const MEMBER = { name: 'Rita Runner', email: `rita-${stamp}@example.test`, password: 'runner password 1' };
let workflowId = '';

async function signInThroughForm(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

test('the owner creates a member on the Users page', async ({ page }) => {
  await signInAsOwner(page);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: OWNER.email })).toBeVisible();

  const form = page.getByRole('form', { name: 'New user' });
  await form.getByLabel('Email').fill(MEMBER.email);
  await form.getByLabel('Name').fill(MEMBER.name);
  await form.getByLabel('Initial password').fill(MEMBER.password);
  await form.getByLabel('Role', { exact: true }).selectOption('member');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(form.getByRole('status')).toContainText(`Created ${MEMBER.email}`);
  const row = page.getByTestId('user-row').filter({ hasText: MEMBER.email });
  await expect(row.getByLabel(`Role of ${MEMBER.email}`)).toHaveValue('member');
  await expect(row.getByLabel(`${MEMBER.email} is active`)).toBeChecked();

  // The same email again is the server's 409, shown on the form.
  await form.getByLabel('Email').fill(MEMBER.email);
  await form.getByLabel('Name').fill('Someone else');
  await form.getByLabel('Initial password').fill('another password');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByTestId('create-user-error')).toHaveText('A user with this email already exists');

  // The last owner can't be demoted: 409 next to the row.
  const ownerRow = page.getByTestId('user-row').filter({ hasText: OWNER.email });
  await ownerRow.getByLabel(`Role of ${OWNER.email}`).selectOption('admin');
  await expect(page.getByTestId('user-row-error')).toContainText('last active owner');
  // A later, unrelated action clears that refusal: it belonged to the earlier attempt.
  await row.getByLabel(`Role of ${MEMBER.email}`).selectOption('admin');
  await expect(row.getByLabel(`Role of ${MEMBER.email}`)).toHaveValue('admin');
  await expect(page.getByTestId('user-row-error')).toHaveCount(0);
  await row.getByLabel(`Role of ${MEMBER.email}`).selectOption('member');
  await expect(row.getByLabel(`Role of ${MEMBER.email}`)).toHaveValue('member');
  await ownerRow.getByLabel(`Role of ${OWNER.email}`).selectOption('admin');
  await expect(page.getByTestId('user-row-error')).toContainText('last active owner');
  await page.reload();
  await expect(
    page.getByTestId('user-row').filter({ hasText: OWNER.email }).getByLabel(`Role of ${OWNER.email}`),
  ).toHaveValue('owner');
  await page.screenshot({ path: 'docs/screenshots/access-users.png' });
});

test('the owner shares a workflow with the member as Run-only', async ({ page }) => {
  await signInAsOwner(page);
  workflowId = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Shared sums' });
  await page.goto(`/workflows/${workflowId}`);
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share workflow' });
  await expect(dialog.getByTestId('share-creator')).toContainText(OWNER.email);
  await expect(dialog.getByTestId('share-empty')).toBeVisible();

  await dialog.getByLabel('Add a user').selectOption({ label: `${MEMBER.name} (${MEMBER.email})` });
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await dialog.getByLabel(`View for ${MEMBER.email}`).uncheck();
  await dialog.getByLabel(`Run for ${MEMBER.email}`).check();
  await dialog.getByRole('button', { name: 'Save access' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Saved.');

  const saved = (await (await page.request.get(`/api/workflows/${workflowId}/permissions`)).json()) as {
    items: { email: string; canView: boolean; canEdit: boolean; canDelete: boolean; canExecute: boolean }[];
  };
  expect(saved.items).toEqual([
    expect.objectContaining({
      email: MEMBER.email,
      canView: false,
      canEdit: false,
      canDelete: false,
      canExecute: true,
    }),
  ]);
  await dialog.screenshot({ path: 'docs/screenshots/access-share.png' });
});

test('the member can open and run the workflow, but saving is refused', async ({ page }) => {
  await signInThroughForm(page, MEMBER.email, MEMBER.password);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Account' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Shared sums' })).toBeVisible();

  await page.goto(`/workflows/${workflowId}`);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByLabel('Input (JSON)').fill('{"body":{"a":7,"b":5}}');
  await page.getByRole('dialog').getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('live-bar')).toContainText('succeeded', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Back to editing' }).click();

  // A change can be made locally, but the server refuses the save (no edit grant).
  await page.getByLabel('Workflow name').fill('Renamed by Rita');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save version' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toHaveText('You may not edit this workflow');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');

  // The sharing dialog reads; changing it needs edit, and the refusal is shown.
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share workflow' });
  await expect(dialog.getByLabel(`Run for ${MEMBER.email}`)).toBeChecked();
  await expect(dialog.getByLabel('Add a user')).toHaveCount(0);
  await dialog.getByLabel(`Edit for ${MEMBER.email}`).check();
  await dialog.getByRole('button', { name: 'Save access' }).click();
  await expect(dialog.getByTestId('share-error')).toHaveText('You may not edit this workflow');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const stored = (await (await page.request.get(`/api/workflows/${workflowId}`)).json()) as { name: string };
  expect(stored.name).toBe('Shared sums');

  // Their own account page: API keys with scopes, shown once.
  await page.goto('/account');
  await page.getByLabel('Key name').fill('ci runner');
  await page.getByLabel('write').uncheck();
  await page.getByRole('button', { name: 'Create key' }).click();
  await expect(page.getByLabel('Your new API key')).toHaveValue(/^wft_/);
  const row = page.getByTestId('api-key-row').filter({ hasText: 'ci runner' });
  await expect(row).toContainText('read');
  await expect(row).toContainText('execute');
  await expect(row).not.toContainText('write');
  await expect(row).toContainText('never');
  await page.screenshot({ path: 'docs/screenshots/access-account.png', fullPage: true });
  // A wrong current password is named on its field; nothing changes.
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password').fill('a brand new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('is not your current password')).toBeVisible();
  await expect(page.getByTestId('session-row')).toHaveCount(1);
  await expect(page.getByTestId('session-row')).toContainText('this browser');

  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: 'Revoke ci runner' }).click();
  await expect(row).toHaveCount(0);
});

/**
 * The owner, in a browser context of its own, grants the member the workflow's Edit without
 * Delete, with or without Run; `grant` changes Run again later.
 */
async function ownerGrantsEdit(browser: Browser, canExecute: boolean) {
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await signInAsOwner(ownerPage);
  const current = (await (await ownerPage.request.get(`/api/workflows/${workflowId}/permissions`)).json()) as {
    items: { userId: string }[];
  };
  const memberId = current.items[0]!.userId;
  const grant = (canExecute: boolean) =>
    ownerPage.request.put(`/api/workflows/${workflowId}/permissions`, {
      data: { grants: [{ userId: memberId, canView: true, canEdit: true, canDelete: false, canExecute }] },
    });
  expect((await grant(canExecute)).ok()).toBe(true);
  return { owner, ownerPage, grant };
}

test('a member with edit but not delete sees the refusal next to the row', async ({ page, browser }) => {
  const { owner } = await ownerGrantsEdit(browser, true);
  await owner.close();

  await signInThroughForm(page, MEMBER.email, MEMBER.password);
  await page.goto(`/workflows/${workflowId}`);
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share workflow' });
  await dialog.getByLabel(`Delete for ${MEMBER.email}`).check();
  await dialog.getByRole('button', { name: 'Save access' }).click();
  const rowError = dialog.getByTestId('share-row-error');
  await expect(rowError).toContainText("Delete: can't be changed by you");
  await expect(dialog.getByLabel(`Delete for ${MEMBER.email}`)).toHaveAttribute(
    'aria-describedby',
    (await rowError.getAttribute('id'))!,
  );
  await dialog.screenshot({ path: 'docs/screenshots/access-share-refused.png' });
});

test('a member with edit but not run is not offered what would arm a trigger', async ({ page, browser }) => {
  // The owner makes the grant Edit without Run, and a webhook and a disabled schedule to look at.
  const { owner, ownerPage, grant } = await ownerGrantsEdit(browser, false);
  expect((await ownerPage.request.post(`/api/workflows/${workflowId}/webhooks`, { data: {} })).status()).toBe(201);
  expect(
    (
      await ownerPage.request.post(`/api/workflows/${workflowId}/schedules`, {
        data: { cron: '0 9 * * 1', enabled: false },
      })
    ).status(),
  ).toBe(201);

  await signInThroughForm(page, MEMBER.email, MEMBER.password);
  await page.goto(`/workflows/${workflowId}/webhooks`);
  const card = page.getByTestId('webhook-card');
  await expect(card).toHaveCount(1);
  await expect(page.getByTestId('webhook-create-refused')).toContainText('needs the Edit and Run permissions');
  await expect(page.getByTestId('webhook-create-form')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Activate latest' })).toHaveCount(0);
  await expect(card.getByTestId('webhook-url-hidden')).toBeVisible();
  await expect(card.getByRole('button', { name: 'Rotate secret' })).toHaveCount(0);
  await expect(card.getByLabel('Signature scheme')).toBeDisabled();
  // Turning it off needs only edit: the switch is offered while it is on.
  await expect(card.getByTestId('webhook-enabled')).toBeEnabled();

  await page.goto(`/workflows/${workflowId}/schedules`);
  await expect(page.getByTestId('schedule-card')).toHaveCount(1);
  await expect(page.getByTestId('schedule-create-refused')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New schedule' })).toHaveCount(0);
  await expect(page.getByTestId('schedule-card').getByTestId('schedule-enabled')).toBeDisabled();

  await page.goto(`/workflows/${workflowId}`);
  await expect(
    page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Activate' }),
  ).toBeDisabled();

  // With Run as well, the same member is offered all of it.
  expect((await grant(true)).ok()).toBe(true);
  await owner.close();
  await page.goto(`/workflows/${workflowId}/webhooks`);
  await expect(page.getByRole('button', { name: 'New webhook' })).toBeVisible();
  await expect(page.getByTestId('webhook-card').getByRole('button', { name: 'Rotate secret' })).toBeVisible();
  await page.goto(`/workflows/${workflowId}`);
  await expect(page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'Activate' })).toBeEnabled();
});

test('the owner sees both changes on the Audit page', async ({ page }) => {
  await signInAsOwner(page);
  await page.goto('/audit');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const actions = page.getByTestId('audit-action');
  await expect(actions.filter({ hasText: /^user\.create$/ }).first()).toBeVisible();
  await expect(actions.filter({ hasText: /^workflow\.permissions$/ }).first()).toBeVisible();

  // Filter by action: only those rows are left; details open on demand.
  await page.getByLabel('Action').fill('workflow.permissions');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(actions.first()).toHaveText('workflow.permissions');
  expect(new Set(await actions.allTextContents())).toEqual(new Set(['workflow.permissions']));
  const row = page.getByTestId('audit-row').first();
  await row.getByText('Show').click();
  await expect(row.locator('pre')).toContainText('"canExecute": true');
  await page.screenshot({ path: 'docs/screenshots/access-audit.png' });

  await page.getByLabel('Result').selectOption('failure');
  await expect(page.getByText('Nothing matches these filters.')).toBeVisible();
});
