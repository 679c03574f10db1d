import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoViolations } from './support/axe';
import { saveDraftNow } from './support/drafts';
import { makePng } from './support/images';
import { completeRegistration, openStep, sendStep } from './support/wizard';

/**
 * The layout at phone and laptop sizes (issue 15): no page scrolls sideways at 390 px, the step
 * list collapses into one line on phones and keeps "Summary and review" in view on a laptop,
 * and toasts stay off the primary actions. One registration, filled as a person would (long
 * names included), serves every test.
 */

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 720 };
const STEP_SLUGS = ['draft', 'info', 'logo', 'media', 'space-types', 'space-segments', 'brand', 'locations', 'version', 'approval'] as const;
const LONG_FILE_NAME = 'Screenshot 2026-11-27 at 14.32.05 - supplier-invoice-approval-flow-with-reminders_FINAL_v3.png';

let registrationId = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await browser.newPage({ viewport: LAPTOP });
  ({ registrationId } = await completeRegistration(page, { name: 'Accounts payable automation for small and medium-sized businesses' }));
  // A fourth screenshot with a long file name, sent: its card shows the name and Banqup's media id.
  await openStep(page, registrationId, 'media');
  await page.getByLabel('Media files').setInputFiles({ name: LONG_FILE_NAME, mimeType: 'image/png', buffer: makePng(1600, 900, [120, 40, 160]) });
  await expect(page.getByRole('list', { name: 'Media in display order' }).getByRole('listitem')).toHaveCount(4);
  await sendStep(page);
  // A sign-off, so that the summary and step 10 show one.
  await openStep(page, registrationId, 'summary');
  await page.getByLabel('Your name').fill('Rita Reviewer-Vandenberghe');
  await page.getByLabel('Comment').fill('Listing, targeting and manifest checked against the recipe; the callbacks answer at https://purchase.example/banqup/configure.');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('list', { name: 'Sign-offs' })).toContainText('Approved by Rita Reviewer-Vandenberghe');
  await page.close();
});

/** Fails naming the elements that stick out to the right, when the page scrolls sideways. */
async function expectNoSidewaysScroll(page: Page, what: string) {
  await page.waitForLoadState('load');
  const measure = () =>
    page.evaluate(() => {
      const width = window.innerWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      return [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((element) => element.getBoundingClientRect().right > width + 0.5)
        .slice(0, 8)
        .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].slice(0, 4).join('.')} (right ${Math.round(element.getBoundingClientRect().right)})`);
    });
  await expect.poll(measure, { message: `${what} scrolls sideways at ${page.viewportSize()?.width} px` }).toEqual([]);
  await page.screenshot({ path: `test-results/screenshots/layout-${page.viewportSize()?.width}-${what.replace(/[^a-z0-9]+/gi, '-')}.png`, fullPage: true });
}


function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The step list's disclosure button (phones). */
const stepsToggle = (page: Page) => page.getByRole('navigation', { name: 'Registration steps' }).getByRole('button');
const summaryLink = (page: Page) => page.getByRole('navigation', { name: 'Registration steps' }).getByRole('link', { name: 'Summary and review' });

test('at 390×844 no page scrolls sideways, filled with data', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(PHONE);

  await page.goto('/');
  await expectNoSidewaysScroll(page, 'the registrations list');
  await page.goto('/settings');
  await expectNoSidewaysScroll(page, 'Connection');

  for (const slug of STEP_SLUGS) {
    await openStep(page, registrationId, slug);
    await expectNoSidewaysScroll(page, `step ${slug}`);
    // The list opened too: long names and badges wrap.
    await stepsToggle(page).click();
    await expectNoSidewaysScroll(page, `step ${slug}, its step list open`);
  }
  const cards = page.getByRole('list', { name: 'Media in display order' });
  await openStep(page, registrationId, 'media');
  await expect(cards.getByText(LONG_FILE_NAME, { exact: true })).toBeVisible();
  await expect(cards.getByText(/^Banqup media id:/)).toHaveCount(4);

  await openStep(page, registrationId, 'summary');
  await expectNoSidewaysScroll(page, 'the summary');
  // Its At Banqup table is a card per row at this width: the items are not squeezed to a few letters.
  const itemWidths = await page
    .getByRole('table', { name: 'What Banqup holds' })
    .getByRole('cell')
    .evaluateAll((cells) => cells.filter((cell) => cell.getAttribute('data-label') === 'Item').map((cell) => cell.getBoundingClientRect().width));
  expect(itemWidths.length).toBeGreaterThan(10);
  expect(Math.min(...itemWidths)).toBeGreaterThan(250);
  // With every call of the journal opened (their request and response bodies).
  await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
  await expectNoSidewaysScroll(page, 'the summary, journal open');

  await page.getByRole('button', { name: 'Create a review link' }).click();
  const link = await page.getByLabel(/^Review link \(shown once; works until /).inputValue();
  await expectNoSidewaysScroll(page, 'the summary with a new review link');
  await page.goto(link);
  await expectNoSidewaysScroll(page, 'the read-only review link');

  // A new registration, its first step empty.
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a registration' }).first().click();
  await expect(page).toHaveURL(/\/registrations\/[0-9a-f-]{36}\/draft$/);
  await expectNoSidewaysScroll(page, 'a new registration');
});

test('at 390×844 the step list is one line that opens with its button, and with the keyboard', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await openStep(page, registrationId, 'media');
  const toggle = stepsToggle(page);
  await expect(toggle).toHaveAccessibleName('Step 4 of 10 · Media');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  const box = await toggle.boundingBox();
  expect(box?.height ?? 0, 'one line').toBeLessThan(60);
  await expect(summaryLink(page)).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Media' })).toBeInViewport();
  await expectNoViolations(page, 'a step at 390 px, its step list closed');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const steps = page.getByRole('navigation', { name: 'Registration steps' });
  await expect(steps.getByRole('link', { name: /^4\. Media/ })).toHaveAttribute('aria-current', 'step');
  await expect(steps.getByRole('link', { name: /^10\. Approval/ })).toContainText('In review');
  await expect(summaryLink(page)).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/layout-phone-steps-open.png' });
  await expectNoViolations(page, 'a step at 390 px, its step list open');

  // Escape closes it and gives the focus back to its button.
  await steps.getByRole('link', { name: /^5\. Space types/ }).focus();
  await page.keyboard.press('Escape');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toBeFocused();

  // The keyboard alone: Enter opens, Tab reaches the steps, Enter follows one; the next page's list is closed.
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  await expect(steps.getByRole('link', { name: /^1\. Draft app/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/info$`));
  await expect(toggle).toHaveAccessibleName('Step 2 of 10 · App info and languages');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');

  // On the summary it says so.
  await toggle.click();
  await summaryLink(page).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/summary$`));
  await expect(toggle).toHaveAccessibleName('Summary and review');
});

test('at 1280×720 "Summary and review" is in view on every step page, without scrolling', async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  for (const slug of STEP_SLUGS) {
    await openStep(page, registrationId, slug);
    await expect(stepsToggle(page)).toBeHidden();
    await expect(summaryLink(page), `step ${slug}`).toBeInViewport({ ratio: 1 });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // Compact enough that all ten steps show, each with its badge, without scrolling the list.
    const list = page.getByRole('navigation', { name: 'Registration steps' }).getByRole('list');
    expect(await list.evaluate((element) => element.scrollHeight - element.clientHeight), `the step list of step ${slug} scrolls`).toBeLessThanOrEqual(0);
  }
  await openStep(page, registrationId, 'version');
  const steps = page.getByRole('navigation', { name: 'Registration steps' });
  await expect(steps.getByRole('link', { name: /^10\. Approval/ })).toContainText('In review');
  await expect(steps.getByText('Sent', { exact: true })).toHaveCount(8);

  // Scrolled to the end of a long step, it is still there (the list is sticky).
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expect(summaryLink(page)).toBeInViewport({ ratio: 1 });

  // In a window too short for the list, the steps scroll within it; the current step and
  // "Summary and review" are in view.
  await page.setViewportSize({ width: 1280, height: 480 });
  await openStep(page, registrationId, 'version');
  await expect(summaryLink(page)).toBeInViewport({ ratio: 1 });
  await expect(steps.getByRole('link', { name: /^9\. Version and manifest/ })).toBeInViewport({ ratio: 1 });
  const list = steps.getByRole('list');
  expect(await list.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
});

for (const [name, viewport] of [
  ['390×844', PHONE],
  ['1280×720', LAPTOP],
] as const) {
  test(`at ${name} toasts do not cover the primary actions`, async ({ page }) => {
    await page.setViewportSize(viewport);
    for (const slug of ['brand', 'version']) {
      await openStep(page, registrationId, slug);
      // At the end of the page, where the actions are.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await saveDraftNow(page);
      await page.screenshot({ path: `test-results/screenshots/layout-toast-${viewport.width}-${slug}.png` });
      const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('listitem').last();
      const toastBox = await toast.boundingBox();
      expect(toastBox).not.toBeNull();
      const actions: Locator[] = [
        page.getByRole('button', { name: 'Save draft' }),
        page.locator('main form button[type="submit"]'),
        page.getByRole('navigation', { name: 'Previous and next step' }).getByRole('link'),
      ];
      for (const action of actions) {
        for (const element of await action.all()) {
          const box = await element.boundingBox();
          if (!box || !toastBox) continue;
          expect(overlap(toastBox, box), `the toast covers "${await element.textContent()}" on step ${slug}`).toBe(false);
        }
      }
    }
  });
}

test('screenshots of a step page and the summary, phone and laptop, light and dark', async ({ page }) => {
  test.setTimeout(120_000);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [name, viewport] of [
      ['phone', PHONE],
      ['laptop', LAPTOP],
    ] as const) {
      await page.setViewportSize(viewport);
      await openStep(page, registrationId, 'media');
      await expect(page.getByRole('list', { name: 'Media in display order' }).getByRole('img').first()).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/layout-${name}-${scheme}-media.png` });
      await page.screenshot({ path: `test-results/screenshots/layout-${name}-${scheme}-media-full.png`, fullPage: true });
      await openStep(page, registrationId, 'summary');
      await page.screenshot({ path: `test-results/screenshots/layout-${name}-${scheme}-summary.png` });
      await page.screenshot({ path: `test-results/screenshots/layout-${name}-${scheme}-summary-full.png`, fullPage: true });
    }
  }
});
