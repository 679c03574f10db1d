import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './support/axe';
import { openStep, startWithDraft } from './support/wizard';

/**
 * The reviewer decides from the top of the summary (issue 15, items 3 and 4): the decision
 * panel in the first screenful at 1280×720, what changed since the last approval field by
 * field, and a request for changes pointed at a step that the author sees on the step, in the
 * step list and in the registrations list until it is marked resolved.
 */

test.use({ viewport: { width: 1280, height: 720 } });

const steps = (page: Page) => page.getByRole('navigation', { name: 'Registration steps' });
const decision = (page: Page) => page.getByRole('region', { name: 'Decision' });
const changedSince = (page: Page) => page.getByRole('region', { name: 'Changed since the last approval' });
const notice = (page: Page) => page.getByRole('note', { name: /^A reviewer asked for changes here/ });


async function chooseBrand(page: Page, registrationId: string, brand: RegExp) {
  await openStep(page, registrationId, 'brand');
  await page.getByRole('radio', { name: brand }).check();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
}

test('the reviewer decides from the top; the change since the approval and a comment on step 4 reach the author until resolved', async ({ page }) => {
  test.setTimeout(180_000);
  // A long name: the title takes two lines, and the decision still fits the first screenful.
  const name = `Accounts payable automation for small and medium-sized businesses ${Date.now().toString(36)}`;
  const { registrationId } = await startWithDraft(page, name);
  await chooseBrand(page, registrationId, /^Banqup/);

  // The decision is in the first screenful: readiness, changes, and the two buttons.
  await openStep(page, registrationId, 'summary');
  await expect(decision(page).getByRole('region', { name: 'Readiness' })).toContainText('Not ready');
  await expect(changedSince(page)).toContainText('No approval yet: nothing to compare with.');
  for (const button of ['Approve', 'Request changes']) {
    await expect(decision(page).getByRole('button', { name: button })).toBeInViewport({ ratio: 1 });
  }
  // Technical detail is folded away.
  await expect(page.getByRole('list', { name: 'API calls' })).toBeHidden();

  await page.getByLabel('Your name').fill('Rita Reviewer');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('list', { name: 'Sign-offs' })).toContainText('Approved by Rita Reviewer');
  await expect(changedSince(page)).toContainText('None: the answers are as Rita Reviewer approved them');

  // A change after the approval: the summary shows the field, what was approved and what it is now.
  await chooseBrand(page, registrationId, /^ALL/);
  await openStep(page, registrationId, 'summary');
  await expect(changedSince(page)).toContainText('1 answer changed in 1 step since Rita Reviewer approved');
  const brandRow = changedSince(page).getByRole('row', { name: /^Brand/ });
  await expect(brandRow.getByRole('cell').nth(0)).toHaveText('Approved: Banqup');
  await expect(brandRow.getByRole('cell').nth(1)).toHaveText('Now: ALL');
  await expect(changedSince(page).getByRole('link', { name: 'Change brand' })).toHaveAttribute('href', `/registrations/${registrationId}/brand?from=summary`);
  await page.screenshot({ path: 'test-results/screenshots/review-decision-1280.png' });
  await expectNoViolations(page, 'the summary with a change since the approval');
  await decision(page).screenshot({ path: 'test-results/screenshots/review-decision-1280-panel.png' });

  // Requests for changes: one pointed at step 4, one at a field of step 2.
  await page.getByLabel('Your name').fill('Rita Reviewer');
  await page.getByLabel('Comment').fill('Put the inbox screenshot first.');
  await page.getByLabel('Step to change').selectOption({ label: '4. Media' });
  await page.getByRole('button', { name: 'Request changes' }).click();
  await expect(page.getByText('Changes requested: the comment shows on step 4, Media, until it is resolved.').first()).toBeVisible();
  await page.getByLabel('Your name').fill('Rita Reviewer');
  await page.getByLabel('Comment').fill('The display name is too long for the store card.');
  await page.getByLabel('Step to change').selectOption({ label: '2. App info and languages' });
  await page.getByLabel('Field').selectOption({ label: 'Display name' });
  await page.getByRole('button', { name: 'Request changes' }).click();
  const open = decision(page).getByRole('list', { name: /^Changes requested, not resolved yet/ });
  await expect(open.getByRole('listitem')).toHaveCount(2);
  await expect(open.getByRole('listitem').first()).toContainText('Step 4, Media');
  await expect(open.getByRole('listitem').nth(1)).toContainText('Step 2, App info and languages · Display name');
  await expectNoViolations(page, 'the summary with requests for changes');

  // The registrations list says so.
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole('link', { name: new RegExp(name) })).toContainText('2 changes requested (steps 2, 4)');
  await expectNoViolations(page, 'the registrations list with requests for changes');

  // Step 4: a notice at the top of the form, and a badge in the step list.
  await openStep(page, registrationId, 'media');
  await expect(notice(page)).toContainText('Put the inbox screenshot first.');
  await expect(notice(page)).toContainText('Rita Reviewer');
  await expect(steps(page).getByRole('link', { name: /^4\. Media/ })).toContainText('1 change requested');
  await expect(steps(page).getByRole('link', { name: /^2\. App info/ })).toContainText('1 change requested');
  await expect(steps(page).getByRole('link', { name: /^5\. Space types/ })).not.toContainText('change requested');
  await page.screenshot({ path: 'test-results/screenshots/review-decision-step-4.png' });
  await expectNoViolations(page, 'step 4 with a request for changes');

  // The author marks it resolved: gone from the step, the step list and the list.
  await notice(page).getByRole('button', { name: /^Mark resolved/ }).click();
  await expect(notice(page)).toHaveCount(0);
  await expect(steps(page).getByRole('link', { name: /^4\. Media/ })).not.toContainText('change requested');
  await expect(steps(page).getByRole('link', { name: /^2\. App info/ })).toContainText('1 change requested');
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole('link', { name: new RegExp(name) })).toContainText('1 change requested (step 2)');

  // Step 2 names the field; the summary's history records who resolved step 4's, and when.
  await openStep(page, registrationId, 'info');
  await expect(notice(page)).toContainText('About: Display name');
  await openStep(page, registrationId, 'summary');
  await expect(page.getByRole('list', { name: 'Sign-offs' })).toContainText(/On step 4, Media · resolved by Local user on \d/);
  await expect(page.getByRole('list', { name: 'Sign-offs' })).toContainText('On step 2, App info and languages · Display name · not resolved yet');
});

test('at 390 px the decision panel fits, its changes table included', async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId } = await startWithDraft(page, 'Narrow decision app');
  await chooseBrand(page, registrationId, /^Banqup/);
  await openStep(page, registrationId, 'summary');
  await page.getByLabel('Your name').fill('Rita Reviewer-Vandenberghe');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('list', { name: 'Sign-offs' })).toContainText('Approved by Rita Reviewer-Vandenberghe');
  await chooseBrand(page, registrationId, /^Jefacture/);
  await page.setViewportSize({ width: 390, height: 844 });
  await openStep(page, registrationId, 'summary');
  await expect(changedSince(page).getByRole('row', { name: /^Brand/ })).toContainText('Jefacture');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expectNoViolations(page, 'the summary at 390 px with a change since the approval');
  await page.screenshot({ path: 'test-results/screenshots/review-decision-390.png' });
  await decision(page).screenshot({ path: 'test-results/screenshots/review-decision-390-panel.png' });
});
