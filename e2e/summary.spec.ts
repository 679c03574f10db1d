import { expect, test } from '@playwright/test';
import { completeRegistration, openStep } from './support/wizard';

const HEADER = 'cb-summary-secret-4410';

test.describe.configure({ mode: 'serial' });

test('the checklist reacts to data: a missing logo is listed, and its link leads to step 3', async ({ page }) => {
  test.setTimeout(180_000);
  const { registrationId } = await completeRegistration(page, { name: 'No-logo app', skipLogo: true });
  await openStep(page, registrationId, 'summary');
  const checklist = page.getByRole('list', { name: 'Readiness checklist' });
  await expect(page.getByRole('region', { name: 'Readiness' })).toContainText('Not ready');
  await checklist.getByRole('link', { name: 'No logo' }).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/logo\\?from=summary$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Logo' })).toBeVisible();
});

test('a reviewer approves a complete registration; an edit makes the approval stale; step 10 follows', async ({ page }) => {
  test.setTimeout(240_000);
  const { registrationId, applicationId } = await completeRegistration(page, { name: 'Purchase app' });

  // Step 10 is locked before any sign-off.
  await openStep(page, registrationId, 'approval');
  await expect(page.getByRole('note', { name: 'Step 10 is locked' })).toContainText('No reviewer has signed off yet');
  await expect(page.getByLabel('The approval request for Banqup')).toHaveCount(0);

  await openStep(page, registrationId, 'summary');
  await expect(page.getByRole('region', { name: 'Readiness' })).toContainText('Ready for Banqup');
  await expect(page.getByRole('region', { name: 'Identity' })).toContainText(applicationId);
  await expect(page.getByRole('region', { name: 'Targeting' })).toContainText('Belgium (BE)');
  await expect(page.getByRole('region', { name: 'Version and manifest' })).toContainText('space_read');
  await expect(page.getByRole('region', { name: 'Version and manifest' })).toContainText('L2: substantial');
  await page.getByRole('tab', { name: 'fr-BE' }).click();
  await expect(page.getByRole('tabpanel', { name: 'fr-BE' })).toContainText('Gérez vos factures d’achat');
  // The journal is technical detail: folded until asked for.
  await expect(page.getByRole('list', { name: 'API calls' })).toBeHidden();
  await page.getByText(/^Show the journal: \d+ calls$/).click();
  await expect(page.getByRole('list', { name: 'API calls' }).getByRole('listitem').first()).toContainText('/versions');
  await page.getByRole('tab', { name: 'en-GB' }).click();
  await page.screenshot({ path: 'test-results/screenshots/summary-complete.png', fullPage: true });

  // Sign off.
  await page.getByLabel('Your name').fill('Rita Reviewer');
  await page.getByLabel('Comment').fill('Listing, targeting and manifest checked.');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('list', { name: 'Sign-offs' })).toContainText('Approved by Rita Reviewer');

  // Step 10 is open: the request text names the app and what was sent.
  await openStep(page, registrationId, 'approval');
  const request = page.getByLabel('The approval request for Banqup');
  await expect(request).toHaveValue(new RegExp(`applicationId: ${applicationId}`));
  await expect(request).toHaveValue(/Version: 1\.0\.0/);
  await expect(request).toHaveValue(/Locations: BE, NL, FR/);

  // A change after the approval makes it stale, and step 10 locks again.
  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: /^ALL/ }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
  await openStep(page, registrationId, 'summary');
  await expect(page.getByRole('list', { name: 'Sign-offs' })).toContainText('Stale: changed since');
  await openStep(page, registrationId, 'approval');
  await expect(page.getByRole('note', { name: 'Step 10 is locked' })).toContainText('The approval is stale');

  // Back to the sent value, a fresh approval, and the status moves on, by hand.
  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: /^Banqup/ }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
  await openStep(page, registrationId, 'summary');
  await page.getByLabel('Your name').fill('Rita Reviewer');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('list', { name: 'Sign-offs' }).getByRole('listitem')).toHaveCount(2);
  await openStep(page, registrationId, 'approval');
  // Recording a status names what is not ready first, then records it with the actor.
  await page.getByRole('button', { name: 'Record as submitted for approval (today)…' }).click();
  await page.getByRole('button', { name: 'Record as submitted for approval', exact: true }).click();
  await expect(page.getByText('Status: Submitted for approval')).toBeVisible();
  await page.getByRole('button', { name: 'Record as approved by Banqup…' }).click();
  await page.getByRole('button', { name: 'Record as approved by Banqup', exact: true }).click();
  await expect(page.getByText('Status: Approved')).toBeVisible();

  // The list shows it, filtered by status and found by name.
  await page.goto('/?status=approved');
  await expect(page.getByRole('link', { name: /Purchase app/ }).first()).toBeVisible();
  await page.goto('/?status=published');
  await expect(page.getByText('No registration matches.')).toBeVisible();
  await page.goto('/');
  await page.getByLabel('Search by name').fill('purchase app');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: /Purchase app/ }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: /No-logo app/ })).toHaveCount(0);
});

test('the read-only review link, the print view and the JSON export', async ({ page, browser }) => {
  test.setTimeout(120_000);
  // The registration approved in the previous test.
  await page.goto('/?q=Purchase');
  await page.getByRole('link', { name: /Purchase app/ }).first().click();
  await page.waitForURL(/registrations\/[0-9a-f-]{36}\//);
  const registrationId = /registrations\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  await openStep(page, registrationId, 'summary');

  // Print: no navigation, no buttons, every section.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Registration steps' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Approve' })).toBeHidden();
  await expect(page.getByRole('region', { name: 'Journal of API calls' })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // The JSON export holds everything but no secret.
  const exported = await page.request.get(`/registrations/${registrationId}/export`);
  expect(exported.headers()['content-disposition']).toMatch(/attachment/);
  const text = await exported.text();
  const json = JSON.parse(text) as { registration: { name: string }; locales: unknown[]; media: unknown[]; journal: unknown[] };
  expect(json.registration.name).toBe('Purchase app');
  expect(json.locales).toHaveLength(2);
  expect(json.media).toHaveLength(3);
  expect(json.journal.length).toBeGreaterThan(10);
  expect(text).not.toContain(HEADER);
  expect(text).not.toContain('sandbox-token');

  // A read-only link: the summary without any edit control.
  await page.getByRole('button', { name: 'Create a review link' }).click();
  const link = await page.getByLabel(/^Review link \(shown once; works until /).inputValue();
  const reviewer = await browser.newPage();
  await reviewer.goto(link);
  await expect(reviewer.getByRole('heading', { level: 1, name: 'Purchase app' })).toBeVisible();
  await expect(reviewer.getByRole('region', { name: 'Readiness' })).toBeVisible();
  await expect(reviewer.getByRole('link', { name: /^Change/ })).toHaveCount(0);
  await expect(reviewer.getByRole('textbox')).toHaveCount(0);
  await expect(reviewer.getByRole('checkbox')).toHaveCount(0);
  await expect(reviewer.getByRole('button', { name: /Approve|Request changes|Send|Save|Create|Revoke|Mark/ })).toHaveCount(0);
  const reviewHtml = await reviewer.content();
  expect(reviewHtml).not.toContain(registrationId);
  expect(reviewHtml).not.toContain(HEADER);
  const reviewExport = await reviewer.request.get(`${link}/export`);
  expect(await reviewExport.text()).not.toContain(registrationId);

  // Revoked, the link shows nothing.
  await page.getByRole('list', { name: 'Active review links' }).getByRole('button', { name: /^Revoke link / }).click();
  await expect(page.getByText('No link yet.')).toBeVisible();
  expect((await reviewer.goto(link))?.status()).toBe(404);
  await reviewer.close();
});
