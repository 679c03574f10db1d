import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations } from './support/axe';
import { saveDraftNow } from './support/drafts';
import { LOGO_SVG, makePng } from './support/images';
import { openStep, startWithDraft } from './support/wizard';

/**
 * The store preview (issue 15, item 7): the listing card and the detail view follow steps 2–4
 * as they are typed and uploaded, per locale, and the summary shows the saved answers.
 */

const PHONE = { width: 390, height: 844 };
const LONG_FR_NAME = 'Gestion des factures d’achat pour les PME';

let registrationId = '';

test.describe.configure({ mode: 'serial' });

const preview = (page: Page) => page.getByRole('region', { name: /^Store preview/ });
const card = (page: Page) => preview(page).getByRole('article', { name: 'Listing card' });
const detail = (page: Page) => preview(page).getByRole('article', { name: 'Detail view' });
const gallery = (page: Page) => detail(page).getByRole('list', { name: 'Media in the store’s order' });

async function expectNoSidewaysScroll(page: Page, what: string) {
  await page.waitForLoadState('load');
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), { message: `${what} scrolls sideways at ${page.viewportSize()?.width} px` })
    .toBeLessThanOrEqual(0);
}


test('step 2: the card follows what is typed, in the language being edited, and the preview switches language', async ({ page }) => {
  test.setTimeout(120_000);
  ({ registrationId } = await startWithDraft(page, 'Preview app'));
  await openStep(page, registrationId, 'info');
  await expect(card(page)).toContainText('No display name yet');

  await page.getByLabel('Display name (en-GB)').fill('Purchase app');
  await expect(card(page)).toContainText('Purchase app');
  await page.getByLabel('Short description (en-GB)').fill('Manage purchase invoices');
  await expect(card(page)).toContainText('Manage purchase invoices');
  await page.getByLabel('Description (en-GB)', { exact: true }).fill('Purchases app helps you manage your purchase invoices, from receipt to payment.');
  await expect(detail(page)).toContainText('from receipt to payment');

  // A second language: the preview follows the one being edited; a blank field borrows en-GB's, and says so.
  await page.getByRole('button', { name: /Add fr-BE/ }).click();
  await page.getByLabel('Display name (fr-BE)').fill(LONG_FR_NAME);
  await expect(preview(page).getByRole('heading', { name: 'Store preview (fr-BE)' })).toBeVisible();
  await expect(card(page)).toContainText(`${LONG_FR_NAME.slice(0, 30).trimEnd()}…`);
  await expect(card(page)).not.toContainText(LONG_FR_NAME);
  await expect(detail(page)).toContainText(LONG_FR_NAME);
  await expect(preview(page)).toContainText(`The display name is ${LONG_FR_NAME.length} characters long: the store may cut it after 30 characters.`);
  await expect(card(page)).toContainText('Manage purchase invoices');
  await expect(preview(page)).toContainText('fr-BE has no short description yet: the en-GB one is shown.');
  await page.getByLabel('Short description (fr-BE)').fill('Gérez vos factures d’achat');
  await page.getByLabel('Description (fr-BE)', { exact: true }).fill('L’application Achats vous aide à gérer vos factures d’achat.');
  await expect(card(page)).toContainText('Gérez vos factures d’achat');

  // The locale switch matches the languages entered.
  const languages = preview(page).getByRole('group', { name: 'Preview language' });
  await expect(languages.getByRole('button')).toHaveText(['en-GB', 'fr-BE']);
  await languages.getByRole('button', { name: 'en-GB' }).click();
  await expect(languages.getByRole('button', { name: 'en-GB' })).toHaveAttribute('aria-pressed', 'true');
  await expect(card(page)).toContainText('Purchase app');
  await expect(card(page)).toContainText('Manage purchase invoices');
  await expect(preview(page)).not.toContainText('the store may cut it');
  await languages.getByRole('button', { name: 'fr-BE' }).click();
  await expect(card(page)).toContainText('Gérez vos factures d’achat');
  await saveDraftNow(page);

  await expectNoViolations(page, 'step 2 with the preview');
  await page.screenshot({ path: 'test-results/screenshots/store-preview-step2-1280.png', fullPage: true });
});

test('steps 3 and 4: the uploaded logo and the media, in their order, with the texts of step 2', async ({ page }) => {
  test.setTimeout(120_000);
  await openStep(page, registrationId, 'logo');
  await expect(card(page)).toContainText('Purchase app');
  await expect(card(page).getByRole('img')).toHaveCount(0);
  await page.getByLabel('Logo file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO_SVG });
  await expect(card(page).getByRole('img', { name: 'Logo of Purchase app' })).toBeVisible();
  await expect(detail(page).getByRole('img', { name: 'Logo of Purchase app' })).toBeVisible();
  await saveDraftNow(page);

  await openStep(page, registrationId, 'media');
  await expect(detail(page).getByRole('img', { name: 'Logo of Purchase app' })).toBeVisible();
  await expect(detail(page)).toContainText('No media yet.');
  await page.getByLabel('Media files').setInputFiles([
    { name: 'shot-a.png', mimeType: 'image/png', buffer: makePng(1600, 900, [30, 90, 200]) },
    { name: 'shot-b.png', mimeType: 'image/png', buffer: makePng(1600, 900, [200, 90, 30]) },
  ]);
  await expect(gallery(page).getByRole('img')).toHaveCount(2);
  const alts = () => gallery(page).getByRole('img').evaluateAll((images) => images.map((image) => image.getAttribute('alt')));
  await expect.poll(alts).toEqual(['Screenshot 1 of 2 of Purchase app (shot-a.png)', 'Screenshot 2 of 2 of Purchase app (shot-b.png)']);
  // Reordered on the step, reordered in the preview.
  await page.getByRole('button', { name: 'Move shot-b.png up' }).click();
  await expect.poll(alts).toEqual(['Screenshot 1 of 2 of Purchase app (shot-b.png)', 'Screenshot 2 of 2 of Purchase app (shot-a.png)']);
  // Every image in the preview loads from the app's asset route.
  for (const image of await detail(page).getByRole('img').all()) {
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0)).toBe(true);
    expect(await image.getAttribute('src')).toMatch(/^\/api\/assets\/[0-9a-f-]{36}$/);
  }
  await saveDraftNow(page);

  // Switching the language switches the texts, and the alt texts with them.
  await preview(page).getByRole('group', { name: 'Preview language' }).getByRole('button', { name: 'fr-BE' }).click();
  await expect(card(page)).toContainText('Gérez vos factures d’achat');
  await expect(detail(page)).toContainText('L’application Achats vous aide');
  await expect(gallery(page).getByRole('img').first()).toHaveAttribute('alt', `Screenshot 1 of 2 of ${LONG_FR_NAME} (shot-b.png)`);

  await expectNoViolations(page, 'step 4 with the preview');
  await page.screenshot({ path: 'test-results/screenshots/store-preview-step4-1280.png', fullPage: true });
});

test('the summary shows the saved answers in the preview', async ({ page }) => {
  await openStep(page, registrationId, 'summary');
  await expect(card(page)).toContainText('Purchase app');
  await expect(card(page).getByRole('img', { name: 'Logo of Purchase app' })).toBeVisible();
  await expect(gallery(page).getByRole('img')).toHaveCount(2);
  await expect(gallery(page).getByRole('img').first()).toHaveAttribute('alt', 'Screenshot 1 of 2 of Purchase app (shot-b.png)');
  await preview(page).getByRole('group', { name: 'Preview language' }).getByRole('button', { name: 'fr-BE' }).click();
  await expect(detail(page)).toContainText(LONG_FR_NAME);
  await expectNoViolations(page, 'the summary with the preview');
  await preview(page).screenshot({ path: 'test-results/screenshots/store-preview-summary-1280.png' });
});

test('no sideways scroll at 390 px on the pages with the preview, in light and dark mode', async ({ browser }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    const context = await browser.newContext({ viewport: PHONE, colorScheme });
    const page = await context.newPage();
    for (const slug of ['info', 'logo', 'media', 'summary']) {
      await openStep(page, registrationId, slug);
      // On a phone the preview sits below the form: its code loads as it comes into view.
      // (The frame it shows until then is replaced: scroll again if it was.)
      await expect(async () => {
        await preview(page).scrollIntoViewIfNeeded({ timeout: 2_000 });
        await expect(gallery(page).getByRole('img')).toHaveCount(2, { timeout: 2_000 });
      }).toPass();
      await expectNoSidewaysScroll(page, slug);
      if (slug === 'info' || slug === 'media') await page.screenshot({ path: `test-results/screenshots/store-preview-${slug}-390-${colorScheme}.png`, fullPage: true });
    }
    if (colorScheme === 'dark') await expectNoViolations(page, 'the summary, dark, at 390 px');
    await context.close();
  }
});
