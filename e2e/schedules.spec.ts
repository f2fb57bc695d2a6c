import { expect, test, type Page } from '@playwright/test';
import { createWorkflowViaApi, signInAsOwner } from './support';
import { node, startNode } from '../test/fixtures/node';

// The schedules panel on the real stack (web + worker + scheduler): the live cron preview,
// its errors, and an every-second schedule whose runs appear in its fires without a reload.

test.describe.configure({ mode: 'serial' });
// Fixed so the worded times are predictable, and so "My zone" has a zone other than UTC to offer.
test.use({ locale: 'en-US', timezoneId: 'Europe/Berlin' });

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

/** A trigger and a transform that records what the schedule passed in. */
function reportWorkflow(name: string) {
  return {
    name,
    nodes: [
      startNode,
      node(
        'stamp',
        'transform',
        { fields: { scheduledAt: '{{ $input.scheduledAt }}', report: '{{ $input.report }}' } },
        { name: 'Stamp', x: 240 },
      ),
    ],
    edges: [{ id: 'e1', source: 'start', target: 'stamp' }],
    settings: { timeoutSeconds: 60, maxParallelNodes: 10 },
    variables: {},
  };
}

async function openNewScheduleForm(page: Page) {
  await page.getByRole('button', { name: 'New schedule' }).first().click();
  const form = page.getByRole('form', { name: 'New schedule' });
  await expect(form.getByLabel('Cron expression')).toBeFocused();
  return form;
}

test('no active version: every card says why it does not fire, until the latest is activated', async ({ page }) => {
  const id = await createWorkflowViaApi(page, reportWorkflow('Inactive schedule'));
  const res = await page.request.post(`/api/workflows/${id}/schedules`, {
    data: { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
  });
  expect(res.status()).toBe(201);

  await page.goto(`/workflows/${id}/schedules`);
  await expect(page.getByTestId('schedules-inactive')).toContainText('no active version');
  const card = page.getByTestId('schedule-card');
  await expect(card.getByRole('heading', { name: 'At 09:00, Monday through Friday' })).toBeVisible();
  await expect(card.getByTestId('schedule-not-firing')).toContainText('Not firing: the workflow has no active version');
  await expect(card.getByTestId('schedule-next-run')).toContainText('not scheduled');

  await page.getByTestId('schedules-inactive').getByRole('button', { name: 'Activate latest' }).click();
  await expect(page.getByTestId('schedules-active')).toContainText('active v1');
  await expect(card.getByTestId('schedule-not-firing')).toHaveCount(0);
  // Next run: a weekday at 09:00 in Berlin, shown in Berlin time.
  await expect(card.getByTestId('schedule-next-run')).toContainText(/^Next run(Mon|Tue|Wed|Thu|Fri), .*, 09:00/);
});

test('live preview, errors, an every-second schedule that runs, disable and delete', async ({ page }) => {
  const id = await createWorkflowViaApi(page, reportWorkflow('Nightly report'));

  // Activate in the editor, then follow the toolbar's link.
  await page.goto(`/workflows/${id}`);
  const toolbar = page.getByRole('toolbar', { name: 'Workflow' });
  await toolbar.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(page.getByTestId('active-version')).toHaveText('active v1');
  await toolbar.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Schedules' }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}/schedules$`));
  await expect(page.getByRole('heading', { name: 'Schedules of Nightly report' })).toBeVisible();
  await expect(page.getByTestId('schedules-active')).toContainText('active v1');
  await expect(page.getByText('No schedules yet')).toBeVisible();

  const form = await openNewScheduleForm(page);
  const cron = form.getByLabel('Cron expression');
  const zone = form.getByLabel('Time zone');
  await expect(zone).toHaveValue('UTC');

  // As you type: the cron in words with its zone, and the next five fire times in both zones.
  await cron.fill('0 9 * * 1-5');
  await form.getByRole('button', { name: 'My zone (Europe/Berlin)' }).click();
  await expect(zone).toHaveValue('Europe/Berlin');
  await expect(form.getByTestId('cron-description')).toHaveText('At 09:00, Monday through Friday · Europe/Berlin');
  const times = form.getByRole('table', { name: 'Next 5 fire times' });
  await expect(times.getByRole('columnheader')).toHaveText(['In Europe/Berlin', 'In UTC']);
  const rows = times.getByTestId('next-fire');
  await expect(rows).toHaveCount(5);
  for (let i = 0; i < 5; i++) {
    const local = (await rows.nth(i).getByTestId('next-fire-local').innerText()).trim();
    const utc = (await rows.nth(i).getByTestId('next-fire-utc').innerText()).trim();
    // Weekdays at 09:00 in Berlin: 08:00 UTC in winter (UTC+01:00), 07:00 in summer (UTC+02:00).
    expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri), \w{3} \d{1,2}, \d{4}, 09:00 UTC\+0[12]:00$/);
    expect(utc).toMatch(local.endsWith('+01:00') ? /, 08:00$/ : /, 07:00$/);
  }
  // …and they move with the zone.
  await zone.fill('Asia/Tokyo');
  await expect(form.getByTestId('cron-description')).toHaveText('At 09:00, Monday through Friday · Asia/Tokyo');
  await expect(rows.first().getByTestId('next-fire-local')).toContainText('09:00 UTC+09:00');
  await expect(rows.first().getByTestId('next-fire-utc')).toContainText('00:00');

  // An invalid cron or zone: an inline error naming what is wrong, and no times.
  await cron.fill('0 9 * *');
  await expect(form.getByTestId('error-cron')).toHaveText(
    'must have 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; got 4',
  );
  await expect(cron).toHaveAttribute('aria-invalid', 'true');
  await expect(times).toHaveCount(0);
  await cron.fill('61 * * * *');
  await expect(form.getByTestId('error-cron')).toHaveText('Invalid value for minute: 61');
  await cron.fill('0 9 * * 1-5');
  await expect(form.getByTestId('error-cron')).toHaveCount(0);
  await zone.fill('Mars/Olympus');
  await expect(form.getByTestId('error-timezone')).toContainText('"Mars/Olympus" is not an IANA time zone name');
  await expect(times).toHaveCount(0);
  await form.getByRole('button', { name: 'UTC', exact: true }).click();
  await expect(form.getByTestId('error-timezone')).toHaveCount(0);

  // What only the server checks still lands on its field (its 400 names body.maxInstances).
  await form.getByLabel('Max runs at once').fill('101');
  await form.getByLabel('Input (JSON)').fill('{"report": ');
  await expect(form.getByTestId('error-input')).toContainText('not valid JSON');
  await form.getByLabel('Input (JSON)').fill('{"report": "daily"}');
  await form.getByRole('button', { name: 'Create schedule' }).click();
  await expect(form.getByTestId('error-maxInstances')).toHaveText('must be <= 100');
  await expect(form.getByRole('alert')).toHaveText('Fix the highlighted fields and save again.');
  await form.getByLabel('Max runs at once').fill('1');

  // Every second: a run appears in its fires within seconds, no reload.
  await cron.fill('* * * * * *');
  await expect(form.getByTestId('cron-description')).toHaveText('Every second · UTC');
  // To the second, and in one column: the zone is UTC.
  await expect(rows.first().getByTestId('next-fire-local')).toHaveText(/, \d{2}:\d{2}:\d{2}$/);
  await expect(times.getByRole('columnheader')).toHaveText(['In UTC']);
  await form.getByRole('button', { name: 'Create schedule' }).click();
  await expect(page.getByRole('form', { name: 'New schedule' })).toHaveCount(0);
  await expect(page.getByTestId('schedule-card')).toHaveCount(1);
  const card = page.getByTestId('schedule-card').filter({ has: page.getByRole('heading', { name: 'Every second' }) });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('schedule-cron')).toHaveText('* * * * * *');
  await expect(card.getByRole('switch', { name: 'Enabled' })).toHaveAttribute('aria-checked', 'true');

  const started = card.getByTestId('schedule-fire').filter({ has: page.getByRole('link', { name: /^Execution / }) });
  await expect(started.first()).toBeVisible({ timeout: 10_000 });
  await expect(started.first().getByTestId('execution-status')).toHaveText('succeeded', { timeout: 10_000 });
  await expect(card.getByTestId('schedule-run-count').locator('dd')).not.toHaveText('0');
  await expect(card.getByTestId('schedule-last-run')).not.toContainText('never');
  await expect(card.getByTestId('schedule-overlap')).toHaveText('Skip while 1 run is going');
  await expect(card.getByTestId('schedule-input')).toHaveText('{"report":"daily"}');

  // For the screenshot: a few fires, and a second schedule (added through the API; the list
  // refreshes itself) whose zone isn't UTC, so its times show in both zones.
  await expect.poll(() => card.getByTestId('schedule-fire').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
  const weekday = await page.request.post(`/api/workflows/${id}/schedules`, {
    data: { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin', overlap: 'queue' },
  });
  expect(weekday.status()).toBe(201);
  await expect(page.getByTestId('schedule-card')).toHaveCount(2);
  await expect(
    page
      .getByTestId('schedule-card')
      .nth(1)
      .getByText(/^No fires yet/),
  ).toBeVisible();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshots/schedules.png', fullPage: true });
  expect((await page.request.delete(`/api/schedules/${((await weekday.json()) as { id: string }).id}`)).status()).toBe(
    204,
  );
  await expect(page.getByTestId('schedule-card')).toHaveCount(1);

  // The link opens the run it started, which says a schedule started it with the input merged in.
  // The list refreshes every few seconds (a newer fire goes on top), so click the very link read.
  const href = await started.first().getByRole('link').getAttribute('href');
  const executionId = href!.split('/').pop()!;
  await page.locator(`a[href="${href}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/executions/${executionId}$`));
  await expect(page.getByRole('heading', { name: 'Nightly report' })).toBeVisible();
  const execution = (await (await page.request.get(`/api/executions/${executionId}`)).json()) as {
    trigger: string;
    triggerData: Record<string, unknown>;
  };
  expect(execution.trigger).toBe('schedule');
  expect(execution.triggerData).toMatchObject({ report: 'daily', scheduledAt: expect.any(String) });
  await page.goBack();

  // Edit: the form opens on the stored settings; saving sends what changed and closes it.
  await card.getByRole('button', { name: 'Edit' }).click();
  const settings = card.getByRole('form', { name: 'Schedule settings' });
  await expect(settings.getByLabel('Cron expression')).toBeFocused();
  await expect(settings.getByLabel('Cron expression')).toHaveValue('* * * * * *');
  await expect(settings.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await settings.getByLabel('When a run is still going').selectOption('allow');
  await expect(settings.getByLabel('Max runs at once')).toBeDisabled();
  await expect(settings.getByText('Unsaved changes')).toBeVisible();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(settings).toHaveCount(0);
  await expect(card.getByTestId('schedule-overlap')).toHaveText('Allow overlapping runs');
  await expect(card.getByText('Saved', { exact: true })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Edit' })).toBeFocused();

  // Disable: no more runs start.
  const toggle = card.getByRole('switch', { name: 'Enabled' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(card.getByTestId('schedule-not-firing')).toContainText('Disabled');
  await expect(card.getByTestId('schedule-next-run')).toContainText('not scheduled');
  const scheduleId = await card.getAttribute('data-schedule-id');
  const stored = (await (await page.request.get(`/api/schedules/${scheduleId}`)).json()) as {
    enabled: boolean;
    firing: boolean;
    runCount: number;
  };
  expect(stored).toMatchObject({ enabled: false, firing: false });
  // A fire already under way when the switch flipped may still land; nothing after it.
  await page.waitForTimeout(3_000);
  const later = (await (await page.request.get(`/api/schedules/${scheduleId}`)).json()) as { runCount: number };
  expect(later.runCount - stored.runCount).toBeLessThanOrEqual(1);

  // Delete: confirm, gone.
  await card.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this schedule?' })
    .getByRole('button', { name: 'Delete schedule' })
    .click();
  await expect(page.getByTestId('schedule-card')).toHaveCount(0);
  await expect(page.getByText('No schedules yet')).toBeVisible();
  expect((await page.request.get(`/api/schedules/${scheduleId}`)).status()).toBe(404);
});
