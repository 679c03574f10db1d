import { expect, test } from '@playwright/test';
import { expectNoViolations } from './support/axe';
import { makePng } from './support/images';
import { completeRegistration, openStep, sendButton, startWithDraft } from './support/wizard';



const STEP_SLUGS = ['draft', 'info', 'logo', 'media', 'space-types', 'space-segments', 'brand', 'locations', 'version'];

test('every page has no WCAG 2 A/AA violation, with and without errors', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expectNoViolations(page, 'the registrations list');

  const { registrationId } = await completeRegistration(page, { name: 'Accessible app' });
  await page.goto('/');
  await expectNoViolations(page, 'the registrations list with a registration');

  for (const slug of STEP_SLUGS) {
    await openStep(page, registrationId, slug);
    await expectNoViolations(page, `step ${slug}`);
  }

  // Each step with its errors showing.
  const { registrationId: empty } = await startWithDraft(page, 'Errors app');
  await page.getByLabel('Namespace').fill(''); // blank: the one namespace refused (Banqup publishes no format rule)
  await page.getByRole('button', { name: 'Create the draft in the sandbox' }).click();
  await expect(page.getByLabel('Namespace')).toHaveAttribute('aria-invalid', 'true');
  await expectNoViolations(page, 'step draft with errors');
  for (const slug of STEP_SLUGS.slice(1)) {
    await openStep(page, empty, slug);
    if (slug === 'info') await page.getByLabel('Language tag (BCP 47) (en-GB)').fill('x');
    if (slug === 'space-segments') await page.getByRole('checkbox', { name: /^ALL/ }).uncheck();
    if (slug === 'version') await page.getByLabel('Version', { exact: true }).fill('one');
    await sendButton(page).click();
    await expect(page.getByRole('alert').filter({ hasText: /need(s)? attention|Upload/ }).first()).toBeVisible();
    await expectNoViolations(page, `step ${slug} with errors`);
  }

  await openStep(page, registrationId, 'summary');
  await expectNoViolations(page, 'the summary');
  await openStep(page, registrationId, 'approval');
  await expectNoViolations(page, 'step 10');
  // Housekeeping: the list's notice after archiving, the Archived filter, an archived registration's step.
  await page.goto('/');
  await page.getByRole('button', { name: 'Archive Errors app' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: /^Registration archived: / })).toBeVisible();
  await expectNoViolations(page, 'the list after archiving');
  await page.goto('/?archived=1');
  await expectNoViolations(page, 'the archived registrations');
  await openStep(page, empty, 'locations');
  await expect(page.getByRole('note', { name: 'Archived' })).toBeVisible();
  await expectNoViolations(page, 'a step of an archived registration');

  await openStep(page, registrationId, 'summary');
  await page.getByRole('button', { name: 'Create a review link' }).click();
  const link = await page.getByLabel(/^Review link \(shown once; works until /).inputValue();
  await page.goto(link);
  await expectNoViolations(page, 'the read-only review link');
});

test('step 2 and the media step work with the keyboard alone, reordering included', async ({ page }) => {
  test.setTimeout(120_000);
  const { registrationId } = await startWithDraft(page, 'Keyboard app');

  await openStep(page, registrationId, 'info');
  await page.getByLabel('Language tag (BCP 47) (en-GB)').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Display name (en-GB)')).toBeFocused();
  await page.keyboard.type('Keyboard app');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Used without a mouse');
  await page.keyboard.press('Tab');
  await page.keyboard.type('An app registered by someone who uses the keyboard only, to prove every control of the step can be reached and used without a pointer.');
  // Tab on to "+ nl-BE" and press it.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if (await page.getByRole('button', { name: /Add nl-BE/ }).evaluate((el) => el === document.activeElement)) break;
  }
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Display name (nl-BE)')).toBeVisible();
  await page.getByLabel('Display name (nl-BE)').focus();
  await page.keyboard.type('Toetsenbord');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Zonder muis');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Een app die volledig met het toetsenbord werd geregistreerd, om te bewijzen dat elke knop bereikbaar is zonder muis of aanraakscherm.');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await sendButton(page).evaluate((el) => el === document.activeElement)) break;
  }
  await page.keyboard.press('Enter');
  await expect(page.getByText('Sent 2 of 2 calls to Banqup.').first()).toBeVisible();

  // The media step: the dropzone opens the file chooser from the keyboard; reorder with the move buttons.
  await openStep(page, registrationId, 'media');
  await page.getByRole('button', { name: 'Choose screenshots' }).focus();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles([
    { name: 'first.png', mimeType: 'image/png', buffer: makePng(1600, 900, [10, 10, 200]) },
    { name: 'second.png', mimeType: 'image/png', buffer: makePng(1600, 900, [200, 10, 10]) },
  ]);
  const gallery = page.getByRole('list', { name: 'Media in display order' });
  await expect(gallery.getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'Move second.png up' }).focus();
  await page.keyboard.press('Enter');
  await expect(gallery.getByRole('listitem').first()).toContainText('second.png');
  await expect(page.getByText('second.png moved to position 1 of 2.')).toBeAttached();
  await sendButton(page).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Sent 2 of 2 calls to Banqup.').first()).toBeVisible();
});
