import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The rules every page is held to: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe finds no violation on the page as it is now (`exclude`: selectors left out of the scan). */
export async function expectNoViolations(page: Page, what: string, exclude: string[] = []) {
  let builder = new AxeBuilder({ page }).withTags(WCAG);
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  expect(
    results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    `axe violations on ${what}`,
  ).toEqual([]);
}
