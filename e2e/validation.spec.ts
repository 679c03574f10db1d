import { expect, test, type Page } from '@playwright/test';
import { openStep, sendButton, startWithDraft } from './support/wizard';

/**
 * Sends the step and expects the message next to the field, and in the summary at the top,
 * which takes the focus (its entry names the field in words: `inSummary`, when it says more
 * than the field's own message).
 */
async function expectFieldError(page: Page, label: string | RegExp, message: RegExp, inSummary: RegExp = message) {
  await sendButton(page).click();
  const summary = page.getByRole('alert').filter({ hasText: /need(s)? attention/ });
  await expect(summary).toContainText(inSummary);
  await expect(summary).toBeFocused();
  const field = typeof label === 'string' ? page.getByLabel(label, { exact: true }) : page.getByLabel(label);
  await expect(field.first()).toHaveAccessibleDescription(message);
}

test('each step refuses a wrong value with a message on that field, and keeps the rest', async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId } = await startWithDraft(page, 'Validation app');

  // Step 1: a blank namespace. Banqup publishes no format rule, so a namespace that is only
  // unusual (capitals, spaces) draws advice, not a refusal; nothing at all is refused.
  await page.getByLabel('Namespace').fill('   ');
  await page.getByRole('button', { name: 'Create the draft in the sandbox' }).click();
  await expect(page.getByLabel('Namespace')).toHaveAccessibleDescription(/Namespace is required/);
  await expect(page.getByLabel('App name')).toHaveValue('Validation app');

  // Step 2: a language tag that is not BCP 47; the texts typed stay.
  await openStep(page, registrationId, 'info');
  await page.getByLabel('Language tag (BCP 47) (en-GB)').fill('english');
  await page.getByLabel('Display name (english)').fill('Kept name');
  await expectFieldError(page, 'Language tag (BCP 47) (english)', /BCP 47 language tag/);
  await expect(page.getByLabel('Display name (english)')).toHaveValue('Kept name');
  await page.getByRole('link', { name: /BCP 47 language tag/ }).first().click();
  await expect(page.getByLabel('Language tag (BCP 47) (english)')).toBeFocused();

  // Steps 3 and 4: nothing uploaded.
  await openStep(page, registrationId, 'logo');
  await sendButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Upload a logo' }).first()).toBeVisible();
  await openStep(page, registrationId, 'media');
  await sendButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Upload at least one image' })).toBeVisible();

  // Steps 5–8: nothing chosen.
  await openStep(page, registrationId, 'space-types');
  await expectFieldError(page, /^BUSINESS/, /Choose at least one space type/);
  await openStep(page, registrationId, 'space-segments');
  await page.getByRole('checkbox', { name: /^ALL/ }).uncheck();
  await expectFieldError(page, /^ALL/, /Choose at least one space segment/);
  await openStep(page, registrationId, 'brand');
  await expectFieldError(page, /^Banqup/, /brandName must be Banqup, Jefacture or ALL/, /^One thing needs attentionChoose a brand$/);
  await openStep(page, registrationId, 'locations');
  await expectFieldError(page, /^ALL: every available location/, /Choose at least one country/);

  // Step 9: a version that is not semver, a service account that is not a UUID, an ftp callback.
  await openStep(page, registrationId, 'version');
  await page.getByLabel('Version', { exact: true }).fill('1.0');
  await page.getByLabel('Service account').fill('abc');
  await page.getByLabel('Add extension (addUrl)').fill('ftp://files.example/add');
  await page.getByLabel('Release note').fill('Kept note');
  await expectFieldError(page, 'Version', /semantic version/);
  await expect(page.getByLabel('Service account')).toHaveAccessibleDescription(/Must be a UUID/);
  await expect(page.getByLabel('Add extension (addUrl)')).toHaveAccessibleDescription(/http:\/\/ or https:\/\//);
  await expect(page.getByLabel('Release note')).toHaveValue('Kept note');
  await page.screenshot({ path: 'test-results/screenshots/validation-step-9.png', fullPage: true });
});
