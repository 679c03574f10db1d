import { writeFileSync, mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { completeRegistration, openStep, sendStep } from './support/wizard';

/** Pages in a PDF that Chromium made: one `/Type /Page` object each (`/Pages` is the tree). */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

test('the print view of a typical registration: every language, configuration as key/value lists, at most 4 A4 pages', async ({ page }) => {
  test.setTimeout(300_000);
  const { registrationId } = await completeRegistration(page, { name: 'Print app' });

  // A third language, sent, as the bench's typical registration has.
  await openStep(page, registrationId, 'info');
  await page.getByRole('button', { name: /Add nl-BE/ }).click();
  await page.getByLabel('Display name (nl-BE)').fill('Aankopen');
  await page.getByLabel('Short description (nl-BE)').fill('Beheer uw aankoopfacturen');
  await page
    .getByLabel('Description (nl-BE)', { exact: true })
    .fill('Met de app Aankopen beheert u uw aankoopfacturen, van ontvangst tot betaling, met goedkeuringsstromen en exports naar uw boekhouding.');
  await sendStep(page);

  // The next version's manifest, saved and not sent: two client configurations to read.
  await openStep(page, registrationId, 'version');
  await page.getByLabel('Version', { exact: true }).fill('1.1.0');
  for (const [index, key, type, value] of [
    [1, 'endpoint', 'Text', 'https://purchase.example/install/a/rather/long/path/that/must/wrap/on/paper/instead/of/running/off/the/page'],
    [2, 'retries', 'Number', '3'],
  ] as const) {
    await page.getByRole('button', { name: '+ Add a client configuration' }).click();
    await page.getByLabel(`Key ${index} (client configuration)`).fill(key);
    await page.getByLabel(`Type ${index} (client configuration)`).selectOption({ label: type });
    await page.getByLabel(`Value ${index} (client configuration)`).fill(value);
  }
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();

  await openStep(page, registrationId, 'summary');
  await page.emulateMedia({ media: 'print' });
  // Every language of the listing prints, not only the open tab.
  for (const [locale, name] of [
    ['en-GB', 'Purchase app'],
    ['fr-BE', 'Achats'],
    ['nl-BE', 'Aankopen'],
  ] as const) {
    await expect(page.getByRole('tabpanel', { name: locale }), locale).toBeVisible();
    await expect(page.getByRole('tabpanel', { name: locale })).toContainText(name);
  }
  // Configuration as terms and values, not a JSON text.
  const manifest = page.getByRole('region', { name: 'Version and manifest' });
  await expect(manifest.getByRole('term').filter({ hasText: /^retries$/ })).toBeVisible();
  await expect(manifest.getByRole('definition').filter({ hasText: /^3$/ })).toBeVisible();
  await expect(manifest.getByText('"retries"')).toHaveCount(0);
  // Long values wrap: nothing is wider than the page.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // As the paper shows it (A4 at 96 dpi is 794 px wide), for people to look at.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: 'test-results/screenshots/summary-print.png', fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/summary-print.pdf', pdf);
  expect(pageCount(pdf), 'A4 pages of the print view').toBeLessThanOrEqual(4);
  expect(pageCount(pdf)).toBeGreaterThanOrEqual(2);
});
