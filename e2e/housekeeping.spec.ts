import { expect, test } from '@playwright/test';
import { SERVICE_ACCOUNT, openStep, sandboxState, sendButton, sendStep, startWithDraft } from './support/wizard';

/**
 * Housekeeping, as a person does it: archive a registration from the list, find it under
 * Archived (read-only), restore it; and start the next version of a sent registration, whose
 * step 9 asks for a higher version and whose At Banqup view knows what Banqup holds.
 */

test('archive from the list, find it under Archived (read-only), restore it', async ({ page }) => {
  test.setTimeout(90_000);
  const name = `Tidy app ${Date.now().toString(36)}`;
  const { registrationId } = await startWithDraft(page, name);

  await page.goto('/');
  const list = page.getByRole('list').filter({ hasText: name });
  await expect(list.getByRole('link', { name: new RegExp(name) })).toBeVisible();
  await page.getByRole('button', { name: `Archive ${name}` }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Registration archived: it is listed under Archived/ })).toContainText('Nothing changed at Banqup');
  await expect(page.getByRole('link', { name: new RegExp(name) })).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: /^Archived \(\d+\)$/ }).click();
  await expect(page).toHaveURL(/[?&]archived=1/);
  await expect(page.getByText('Archived registrations are read-only until restored.')).toBeVisible();
  await expect(page.getByRole('link', { name: new RegExp(name) })).toBeVisible();

  // Its pages say so and change nothing.
  await openStep(page, registrationId, 'locations');
  await expect(page.getByRole('note', { name: 'Archived' })).toContainText('read-only until restored');
  await expect(sendButton(page)).toBeDisabled();

  await page.goto('/?archived=1');
  await page.getByRole('button', { name: `Restore ${name}` }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Restored/ })).toBeVisible();
  await expect(page.getByRole('link', { name: new RegExp(name) })).toHaveCount(0);
  await page.goto('/');
  await expect(page.getByRole('link', { name: new RegExp(name) })).toBeVisible();
  await openStep(page, registrationId, 'locations');
  await expect(page.getByRole('note', { name: 'Archived' })).toHaveCount(0);
  await expect(sendButton(page)).toBeEnabled();
});

test('start the next version from a sent registration: a higher version, and what Banqup holds is known', async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId, applicationId } = await startWithDraft(page, 'Versioned app');

  await openStep(page, registrationId, 'locations');
  for (const [query, country] of [
    ['Belg', 'Belgium BE'],
    ['Nether', 'Netherlands NL'],
  ] as const) {
    await page.getByLabel('Search countries').fill(query);
    await page.getByRole('checkbox', { name: country }).check();
  }
  await sendStep(page);
  await openStep(page, registrationId, 'version');
  await page.getByLabel('Service account').fill(SERVICE_ACCOUNT);
  await page.getByLabel('Add extension (addUrl)').fill('https://versioned.example/add');
  await page.getByLabel('Authorization header for the callbacks').fill('cb-next-version-secret');
  await sendStep(page);

  await openStep(page, registrationId, 'summary');
  await page.getByRole('button', { name: 'Start the next version from this one' }).click();
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/version$/);
  const nextId = /registrations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  expect(nextId).not.toBe(registrationId);
  await expect(page.getByRole('note').filter({ hasText: /^The next version of/ })).toContainText('type it again in step 9');

  // Step 9 starts without a version and refuses the one Banqup holds.
  await expect(page.getByLabel('Version', { exact: true })).toHaveValue('');
  await page.getByLabel('Version', { exact: true }).fill('1.0.0');
  await sendButton(page).click();
  await expect(page.getByText('Must be greater than 1.0.0, the last version sent').first()).toBeVisible();
  await expect(page.locator('section[aria-labelledby="at-banqup-title"]')).toContainText('version 1.0.0');

  // Step 8's At Banqup view knows both countries; sending the unchanged step posts nothing.
  await openStep(page, nextId, 'locations');
  const atBanqup = page.locator('section[aria-labelledby="at-banqup-title"]');
  await expect(atBanqup).toContainText('Belgium (BE)');
  await expect(atBanqup).toContainText('Netherlands (NL)');
  // Nothing is new: the primary action only moves on.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${nextId}/version$`));

  // A higher version goes out, with the header typed again.
  await openStep(page, nextId, 'version');
  await page.getByLabel('Version', { exact: true }).fill('1.1.0');
  await page.getByLabel('Authorization header for the callbacks').fill('cb-next-version-secret');
  await sendStep(page);
  const held = await sandboxState(page, applicationId);
  expect(held.locations.map((l) => l.countryCode).sort()).toEqual(['BE', 'NL']);
  expect(held.versions.map((v) => v.version).sort()).toEqual(['1.0.0', '1.1.0']);

  // The first registration points to its next version and sends nothing more.
  await openStep(page, registrationId, 'summary');
  await expect(page.getByRole('note').filter({ hasText: /^The next version was started from this registration/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start the next version from this one' })).toHaveCount(0);
});
