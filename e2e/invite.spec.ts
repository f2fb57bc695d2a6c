import { expect, test } from '@playwright/test';
import { OWNER, signInAsOwner } from './support';

// An invite link, as the invited person sees it: who it is for, choose a password, signed in.
test(
  'the owner makes an invite link on the Users page; it opens a page that creates the account and signs in; ' +
    'the link then stops working',
  async ({ page, browser }) => {
    await signInAsOwner(page);
    const email = `invitee-${Date.now()}@example.test`;
    // The owner makes the link on the Users page (no e-mail is sent: they copy it).
    await page.goto('/users');
    await page.getByLabel('Invitee email').fill(email);
    await page.getByLabel('Invitee name').fill('Ivy Invitee');
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const link = await page.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await page.screenshot({ path: 'docs/screenshots/access-invite.png' });

    const guest = await browser.newContext();
    const invited = await guest.newPage();
    await invited.goto(new URL(link).pathname);
    await expect(invited.getByText(`You were invited as ${email} (member).`)).toBeVisible();
    await expect(invited.getByLabel('Your name')).toHaveValue('Ivy Invitee');
    await invited.getByLabel('Choose a password').fill('short');
    await invited.getByRole('button', { name: 'Join Weft' }).click();
    await expect(invited.getByText(/at least 8 characters/i).first()).toBeVisible();
    await invited.getByLabel('Choose a password').fill('a good long password');
    await invited.getByRole('button', { name: 'Join Weft' }).click();
    await expect(invited).toHaveURL(/\/workflows$|\/$/);
    const me = (await (await invited.request.get('/api/auth/me')).json()) as { email: string; role: string };
    expect(me).toMatchObject({ email, role: 'member' });

    const again = await guest.newPage();
    await again.goto(new URL(link).pathname);
    await expect(again.getByText(/unknown, already used or expired/)).toBeVisible();
    await guest.close();
  },
);

// Pending invites on the Users page: who each is for and who made it; a link whose maker lost
// the role says it no longer works; revoking one kills its link at once.
test('the Users page lists pending invites, marks one whose inviter was deactivated, and revokes one', async ({
  page,
  browser,
}) => {
  await signInAsOwner(page);
  const stamp = Date.now();
  // An admin (made through the API) invites someone, then the owner deactivates the admin.
  const admin = {
    email: `inviting-admin-${stamp}@example.test`,
    name: 'Ines Admin',
    password: 'a good long password',
    role: 'admin',
  };
  expect((await page.request.post('/api/users', { data: admin })).status()).toBe(201);
  const adminContext = await browser.newContext();
  expect(
    (
      await adminContext.request.post('/api/auth/login', { data: { email: admin.email, password: admin.password } })
    ).status(),
  ).toBe(200);
  const orphanEmail = `orphan-${stamp}@example.test`;
  const orphan = (await (
    await adminContext.request.post('/api/users/invites', { data: { email: orphanEmail, name: 'Otto Orphan' } })
  ).json()) as { link: string };
  await adminContext.close();
  const adminId = (
    (await (await page.request.get('/api/users?limit=500')).json()) as { items: Array<{ id: string; email: string }> }
  ).items.find((u) => u.email === admin.email)!.id;
  expect((await page.request.patch(`/api/users/${adminId}`, { data: { active: false } })).status()).toBe(200);

  // The owner invites someone on the page; the link appears in the pending list at once.
  await page.goto('/users');
  const email = `pending-${stamp}@example.test`;
  await page.getByLabel('Invitee email').fill(email);
  await page.getByLabel('Invitee name').fill('Pat Pending');
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = await page.getByTestId('invite-link').inputValue();

  const pending = page.getByRole('table', { name: 'Pending invites' });
  const mine = pending.getByTestId('invite-row').filter({ hasText: email });
  await expect(mine).toContainText('Pat Pending');
  await expect(mine).toContainText(OWNER.name);
  await expect(mine.getByTestId('invite-void')).toHaveCount(0);
  const orphaned = pending.getByTestId('invite-row').filter({ hasText: orphanEmail });
  await expect(orphaned).toContainText('Ines Admin');
  await expect(orphaned.getByTestId('invite-void')).toHaveText(
    'Link no longer works: the inviter may no longer invite a member',
  );
  // The list never shows a link.
  await expect(pending).not.toContainText('/invite/');
  await page.screenshot({ path: 'docs/screenshots/access-pending-invites.png', fullPage: true });

  // The orphaned link says why it no longer works.
  const guest = await browser.newContext();
  const invited = await guest.newPage();
  await invited.goto(new URL(orphan.link).pathname);
  await expect(invited.getByText(/no longer works/)).toBeVisible();

  page.once('dialog', (dialog) => void dialog.accept());
  await mine.getByRole('button', { name: `Revoke the invite for ${email}` }).click();
  await expect(mine).toHaveCount(0);
  await invited.goto(new URL(link).pathname);
  await expect(invited.getByText(/unknown, already used or expired/)).toBeVisible();
  // Still gone after a reload: the server revoked it, not just the page.
  await page.reload();
  await expect(
    page.getByRole('table', { name: 'Pending invites' }).getByTestId('invite-row').filter({ hasText: email }),
  ).toHaveCount(0);
  await guest.close();
});
