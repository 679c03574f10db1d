import { expect, test } from '@playwright/test';
import { DRAFT_STEPS, fillDraftsWithoutSending, saveDraftNow, startDraftSafely } from './support/drafts';
import { openStep, sandboxState } from './support/wizard';

/**
 * "Send everything" from the summary: every ready step at once, each exactly once; a second
 * press finds nothing new; a change that does more than add is listed and confirmed first.
 */
test('Send everything sends every ready step once, and asks before it adds what Banqup keeps', async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId, applicationId } = await startDraftSafely(page, 'Send-all app');
  await fillDraftsWithoutSending(page, registrationId);

  // From any step, the step list leads to it.
  await openStep(page, registrationId, 'brand');
  await page.getByRole('link', { name: 'Send everything that is ready…' }).click();
  await expect(page).toHaveURL(/\/summary#send-everything$/);
  // Banqup is slow to take the locations: the progress of every step shows while the send runs.
  const slow = await page.request.post('/sandbox/control/faults', { headers: { 'x-sandbox-control': '1' }, data: { path: '/locations', delayMs: 3000, times: 10 } });
  expect(slow.status()).toBe(201);
  await page.getByRole('button', { name: 'Send everything that is ready' }).click();
  const progress = page.getByRole('list', { name: 'Progress' });
  await expect(progress.getByRole('listitem').filter({ hasText: /^2\. .*: Sent \(2 of 2 at Banqup\)$/ })).toBeVisible({ timeout: 2_500 });
  await expect(progress.getByRole('listitem').filter({ hasText: /^8\. / })).not.toContainText(': Sent');
  await expect(page.getByRole('status').filter({ hasText: 'Sent 8 steps to Banqup.' })).toBeVisible({ timeout: 30_000 });
  await expect(progress).toBeHidden();
  await expect(page.getByRole('list', { name: 'Send everything: by step' }).getByRole('listitem').filter({ hasText: ': Sent' })).toHaveCount(8);

  const state = await sandboxState(page, applicationId);
  for (const step of DRAFT_STEPS) {
    const held = state[step.collection] as unknown;
    expect(Array.isArray(held) ? held.length : held ? 1 : 0, step.slug).toBe(step.items);
  }

  // Pressed again: nothing new, nothing sent twice.
  await page.getByRole('button', { name: 'Send everything that is ready' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nothing to send: every step that is ready is at Banqup already.' })).toBeVisible();

  // A second brand: listed with what Banqup keeps, sent only once accepted.
  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: /^Jefacture/ }).check();
  await saveDraftNow(page);
  await page.goto(`/registrations/${registrationId}/summary`);
  await page.getByRole('button', { name: 'Send everything that is ready' }).click();
  const confirm = page.getByRole('group', { name: 'Read what this send does, then confirm. Nothing was sent yet.' });
  await expect(confirm).toContainText('Adds Jefacture; Banqup keeps Banqup, which no API call can remove.');
  expect(((await sandboxState(page, applicationId)).brands as unknown[]).length).toBe(1);
  await confirm.getByRole('button', { name: 'Send everything and accept this' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent 1 step to Banqup.' })).toBeVisible({ timeout: 20_000 });
  expect(((await sandboxState(page, applicationId)).brands as { brandName: string }[]).map((brand) => brand.brandName)).toEqual(['Banqup', 'Jefacture']);
});
