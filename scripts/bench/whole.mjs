/**
 * The whole registration (25 calls after step 1, the sandbox adding 100 ms to every call):
 * through the UI with "Send everything" (click → "Sent 8 steps to Banqup." on the summary,
 * timed in the page), against the same 25 calls sent straight to the sandbox from Node along
 * the critical path (all at once, only the space segments after the space types) and one after
 * another. Interleaved round by round, each run on a registration (or sandbox application) of
 * its own, set up before the timed part; medians.
 */
import { COUNTRIES, LOCALES, SPACE_SEGMENTS, SPACE_TYPES, BRAND, TOKEN, WHOLE_CALLS, wholeDrafts } from './fixtures.mjs';
import { median, waitForHydration } from './util.mjs';

const DELAY_MS = 100;
const ARMED = 1000; // uses of the latency fault armed before a timed run: it must use exactly WHOLE_CALLS of them

/** The version call's body as the wizard makes it from step 9's draft (lib/wizard/plan.ts toVersionRequest). */
function versionBody(draft) {
  const callbacks = Object.fromEntries(Object.entries(draft.appCallbacks).filter(([, url]) => url !== ''));
  return {
    version: draft.version,
    releaseNote: draft.releaseNote,
    releaseDate: draft.releaseDate,
    manifest: {
      serviceAccount: draft.serviceAccount,
      accessManagement: { permissions: draft.permissions },
      minAssuranceLevels: draft.minAssuranceLevels,
      appCallbacks: { ...callbacks, security: { authorizationHeader: draft.authorizationHeader } },
    },
    copyright: draft.copyright,
  };
}

/** The 25 calls, as functions; `segments` wait for `types` on the critical path. */
function wholeCalls(sandbox, applicationId, files, drafts) {
  const api = (p) => sandbox.url(`/servicemngmt${p.replace('{id}', applicationId)}`);
  const check = async (res, what) => {
    await res.arrayBuffer();
    if (res.status >= 300) throw new Error(`${what} answered ${res.status}`);
  };
  const json = (method, p, body) => () =>
    fetch(api(p), { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((res) => check(res, p));
  const multipart = (method, p, fields) => () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, ...(Array.isArray(value) ? value : [value]));
    return fetch(api(p), { method, headers: { authorization: `Bearer ${TOKEN}` }, body: form }).then((res) => check(res, p));
  };
  const independent = [
    ...drafts[2].locales.map((entry) => json('POST', '/v2/applications/{id}/infoLocalizations', entry)),
    multipart('PUT', '/v1/applications/{id}/logo', { logoFile: [new Blob([files.logo], { type: 'image/png' }), 'logo.png'] }),
    ...files.media.map((bytes, i) =>
      multipart('POST', '/v1/applications/{id}/medias', {
        mediaFile: [new Blob([bytes], { type: 'image/png' }), `screen-${i + 1}.png`],
        displayOrder: String(i + 1),
        mediaType: 'IMAGE',
      }),
    ),
    json('POST', '/v1/applications/{id}/brands', { brandName: BRAND }),
    ...COUNTRIES.map((countryCode) => json('POST', '/v1/applications/{id}/locations', { countryCode, status: 'ACTIVE' })),
    json('POST', '/v1/applications/{id}/versions', versionBody(drafts[9])),
  ];
  const types = SPACE_TYPES.map((spaceType) => json('POST', '/v1/applications/{id}/spaceTypes', { spaceType }));
  const segments = SPACE_SEGMENTS.map((spaceSegment) => json('POST', '/v2/applications/{id}/spaceSegments', { spaceSegment }));
  const all = [...independent, ...types, ...segments];
  if (all.length !== WHOLE_CALLS || LOCALES.length !== drafts[2].locales.length) throw new Error(`expected ${WHOLE_CALLS} calls, made ${all.length}`);
  return { independent, types, segments, all };
}

/** Arms the latency, runs `work`, and checks that exactly the whole registration's calls took it. */
async function withLatency(sandbox, work) {
  await sandbox.clearFaults();
  await sandbox.delay('/servicemngmt/', DELAY_MS, ARMED);
  const ms = await work();
  const [fault] = await sandbox.faults();
  await sandbox.clearFaults();
  const used = ARMED - (fault?.remaining ?? 0);
  if (used !== WHOLE_CALLS) throw new Error(`${used} calls went to the sandbox, not ${WHOLE_CALLS}`);
  return ms;
}

export async function measureWhole({ server, browser, app, sandbox, files, rounds = 30, warmup = 1, onProgress = () => {} }) {
  const page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  const runs = { ui: [], critical: [], sequential: [] };
  // The drafts' values (the same as every UI run's), for the direct calls' bodies.
  const drafts = wholeDrafts({ logoAssetId: '', mediaAssetIds: files.media.map(() => ''), name: 'Whole app' });

  async function ui() {
    const { registrationId } = await app.wholeRegistration(files, 'Whole app');
    await page.goto(`${server.base}/registrations/${registrationId}/summary`);
    await waitForHydration(page, '#send-everything button');
    return withLatency(sandbox, () =>
      page.evaluate(async () => {
        const section = document.querySelector('#send-everything');
        const button = [...section.querySelectorAll('button')].find((b) => b.textContent === 'Send everything that is ready');
        const done = () => [...section.querySelectorAll('[role=status]')].find((el) => /^(Sent \d+ steps? to Banqup\.|.*did not go through.*)$/.test(el.textContent ?? ''));
        const finished = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            const status = done();
            if (status) {
              observer.disconnect();
              resolve({ at: performance.now(), text: status.textContent });
            }
          });
          observer.observe(section, { subtree: true, childList: true, characterData: true });
        });
        const started = performance.now();
        button.click();
        const { at, text } = await finished;
        if (text !== 'Sent 8 steps to Banqup.') throw new Error(`Send everything said: ${text}`);
        return at - started;
      }),
    );
  }
  async function critical() {
    const applicationId = await sandbox.newApplication('Critical path');
    const calls = wholeCalls(sandbox, applicationId, files, drafts);
    return withLatency(sandbox, async () => {
      const started = performance.now();
      await Promise.all([
        ...calls.independent.map((call) => call()),
        (async () => {
          await Promise.all(calls.types.map((call) => call()));
          await Promise.all(calls.segments.map((call) => call()));
        })(),
      ]);
      return performance.now() - started;
    });
  }
  async function sequential() {
    const applicationId = await sandbox.newApplication('One after another');
    const calls = wholeCalls(sandbox, applicationId, files, drafts);
    return withLatency(sandbox, async () => {
      const started = performance.now();
      for (const call of calls.all) await call();
      return performance.now() - started;
    });
  }

  const kinds = [
    ['ui', ui],
    ['critical', critical],
    ['sequential', sequential],
  ];
  for (let round = 0; round < warmup + rounds; round++) {
    for (let k = 0; k < kinds.length; k++) {
      const [name, run] = kinds[(k + round) % kinds.length];
      const ms = await run();
      if (round >= warmup) runs[name].push(ms);
    }
    onProgress(round + 1, warmup + rounds);
  }
  await page.close();
  return { runs, medians: Object.fromEntries(Object.entries(runs).map(([name, xs]) => [name, median(xs)])) };
}
