import { expect, test } from '@playwright/test';
import { signInAsOwner } from './support';

// An invite link, as the invited person sees it: who it is for, choose a password, signed in.
test('the owner makes an invite link on the Users page; it opens a page that creates the account and signs in; the link then stops working', async ({ page, browser }) => {
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
});
