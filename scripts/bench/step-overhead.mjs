/**
 * Step overhead, through the browser: on step 8 (locations), one new country per run, the time
 * from the click on "Send and continue" to the step list showing the step as sent (the DOM change,
 * seen by a MutationObserver in the page), against the same call made by the same page with
 * fetch() straight to the sandbox API (answer read). Both timed in the page with
 * performance.now(); interleaved, with no added latency and with the sandbox adding 100 ms.
 */
import { readFileSync } from 'node:fs';
import { median, waitForHydration } from './util.mjs';
import { TOKEN } from './fixtures.mjs';

const STEP = 8;
const PER_REGISTRATION = 20; // new countries sent on one registration before the next one is used

/** Every country code the wizard offers (lib/banqup/countries.ts). */
function countryCodes() {
  const source = readFileSync('lib/banqup/countries.ts', 'utf8');
  const list = /COUNTRY_CODES = \[([\s\S]*?)\]/.exec(source)?.[1] ?? '';
  return [...list.matchAll(/'([A-Z]{2})'/g)].map((m) => m[1]);
}

/** Ticks one country on the locations form and saves the draft; waits until the step list says "Changed since sent". */
async function addCountry(page, code) {
  await page.evaluate((code) => {
    const label = [...document.querySelectorAll('#country-options label')].find((el) => el.querySelector('span.text-xs')?.textContent === code);
    const box = label?.querySelector('input[type=checkbox]');
    if (!box) throw new Error(`no checkbox for ${code}`);
    if (!box.checked) box.click();
  }, code);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForFunction(
    (step) => document.querySelector(`nav[aria-label="Registration steps"] ol > li:nth-child(${step}) span.rounded-full`)?.textContent === 'Changed since sent',
    STEP,
  );
  // The save's own status line settles too: nothing of the save is still under way when timing starts.
  await page.getByRole('status').filter({ hasText: /^Draft saved at / }).waitFor();
}

/** Click "Send and continue" → the step list shows the step as sent. Timed in the page. */
function timeSendInPage(page) {
  return page.evaluate(async (step) => {
    const nav = document.querySelector('nav[aria-label="Registration steps"]');
    const badge = () => nav.querySelector(`ol > li:nth-child(${step}) span.rounded-full`)?.textContent;
    const button = [...document.querySelectorAll('button[type=submit]')].find((b) => b.textContent === 'Send and continue');
    if (!button || button.disabled) throw new Error('Send and continue is not there or disabled');
    if (badge() !== 'Changed since sent') throw new Error(`the step list says ${badge()} before the send`);
    const done = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (badge() === 'Sent') {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(nav, { subtree: true, childList: true, characterData: true });
    });
    const started = performance.now();
    button.click();
    return (await done) - started;
  }, STEP);
}

/** The same call from the same page, straight to the sandbox. Timed in the page. */
function timeBareInPage(page, applicationId, countryCode) {
  return page.evaluate(
    async ({ applicationId, countryCode, token }) => {
      const started = performance.now();
      const res = await fetch(`/sandbox/servicemngmt/v1/applications/${applicationId}/locations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ countryCode, status: 'ACTIVE' }),
      });
      await res.text();
      if (res.status !== 201) throw new Error(`the sandbox answered ${res.status}`);
      return performance.now() - started;
    },
    { applicationId, countryCode, token: TOKEN },
  );
}

export async function measureStepOverhead({ server, browser, app, sandbox, rounds = 30, warmup = 3 }) {
  const codes = countryCodes();
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  const bareApplication = await sandbox.newApplication('Bare calls');
  let registrationId;
  let used = 0;
  let nextCode = 0;
  /** A registration whose step 8 was sent once (one country): every run then adds one country. */
  async function openLocations() {
    await page.goto(`${server.base}/registrations/${registrationId}/locations`);
    await waitForHydration(page, '#country-options input[type=checkbox]');
  }
  async function freshRegistration() {
    registrationId = await app.start();
    await app.draftInSandbox(registrationId, 'Step overhead');
    const saved = await app.save(registrationId, STEP, { countries: [codes[nextCode++]] }, 0);
    await app.send(registrationId, STEP, { countries: [codes[nextCode - 1]] }, saved.revision);
    await openLocations();
    used = 0;
  }
  async function uiRun(delayMs) {
    if (!registrationId || used >= PER_REGISTRATION) await freshRegistration();
    const code = codes[nextCode++];
    used++;
    await addCountry(page, code);
    if (delayMs) await sandbox.delay('/locations', delayMs, 1);
    const ms = await timeSendInPage(page);
    await page.getByRole('region', { name: /^Notifications/ }).getByText('Sent 1 of 1 call to Banqup.').last().waitFor();
    if (delayMs && (await sandbox.faults()).length) throw new Error('the added latency was not used by the send');
    // Send and continue moved on to step 9: back to step 8 for the next run (not timed).
    await page.waitForURL(/\/version$/);
    await openLocations();
    return ms;
  }
  async function bareRun(delayMs) {
    const code = codes[nextCode % codes.length];
    if (delayMs) await sandbox.delay('/locations', delayMs, 1);
    const ms = await timeBareInPage(page, bareApplication, code);
    if (delayMs && (await sandbox.faults()).length) throw new Error('the added latency was not used by the bare call');
    return ms;
  }
  if (nextCode + (rounds + warmup) * 2 + Math.ceil(((rounds + warmup) * 2) / PER_REGISTRATION) >= codes.length) throw new Error('not enough countries for that many rounds');

  const runs = { ui0: [], bare0: [], ui100: [], bare100: [] };
  const kinds = [
    ['ui0', () => uiRun(0)],
    ['bare0', () => bareRun(0)],
    ['ui100', () => uiRun(100)],
    ['bare100', () => bareRun(100)],
  ];
  for (let round = 0; round < warmup + rounds; round++) {
    // Interleaved, in an order that turns each round, so that no kind always runs first.
    for (let k = 0; k < kinds.length; k++) {
      const [name, run] = kinds[(k + round) % kinds.length];
      const ms = await run();
      if (round >= warmup) runs[name].push(ms);
    }
  }
  await page.close();
  return {
    runs,
    medians: Object.fromEntries(Object.entries(runs).map(([name, xs]) => [name, median(xs)])),
  };
}
