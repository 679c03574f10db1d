/**
 * Autosave cost and contention.
 *
 * CPU per autosave: the server's CPU time (utime + stime of its process tree, /proc) over N
 * autosaves of an existing draft (updates: step 2, three locales, one display name changed each
 * time), against N calls of a no-op server action of the same build (app/bench/noop: checks
 * who is asking, returns). Both are sent from Node, one after another, replaying the request
 * the browser itself made (captured once with Chromium: URL, headers, the action protocol), in
 * interleaved blocks.
 *
 * 50 concurrent updates: 50 autosaves, at once, of 50 different drafts that all exist already
 * (10 registrations × steps 2, 5, 7, 8, 9), each from the revision it holds: latency p50/p95,
 * and lost updates (every draft read back through the export: an autosave answered "saved"
 * whose values are not what is stored is lost). Then 50 saves of one draft from one revision:
 * one wins, 49 are told of the conflict (a second winner, or a stored value not the winner's,
 * is a lost update).
 */
import { callAction } from './actions.mjs';
import { median, percentile, waitForHydration } from './util.mjs';

const BLOCK = 20;

/** The headers of the browser's own request for action `id`, captured while `trigger` runs. */
async function captureAction(page, id, trigger) {
  const request = page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] === id);
  await trigger();
  const captured = await request;
  const headers = { ...captured.headers() };
  // What fetch sets by itself, or what would be wrong to replay verbatim.
  for (const name of ['content-length', 'host', 'connection', 'cookie', 'user-agent', 'accept-encoding', 'accept-language', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform']) delete headers[name];
  return { url: new URL(captured.url()).pathname, headers };
}

export async function measureAutosave({ server, browser, app, ids, files, n = 200 }) {
  // --- What the browser sends. ---------------------------------------------------------
  const { registrationId, drafts } = await app.wholeRegistration(files, 'Autosave app');
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.base}/registrations/${registrationId}/info`);
  await waitForHydration(page, 'form input');
  const autosaveRequest = await captureAction(page, ids.saveStepDraft, () => page.getByLabel('Display name (en-GB)').fill('Autosave, typed'));
  await page.getByRole('status').filter({ hasText: /^Draft saved at / }).waitFor();
  await page.goto(`${server.base}/bench/noop`);
  await waitForHydration(page, 'button');
  const noopId = ids.benchNoop;
  const noopRequest = await captureAction(page, noopId, () => page.getByRole('button', { name: 'No-op action' }).click());
  await page.locator('[data-count="1"]').waitFor();
  await page.close();

  // The revision the autosaves start from: a first save (base revision 0) of a draft that
  // exists is refused with the revision it holds.
  const probe = await app.save(registrationId, 2, drafts[2], 0);
  let revision = probe.conflict?.revision;
  if (probe.ok || typeof revision !== 'number') throw new Error(`could not learn the draft's revision: ${JSON.stringify(probe)}`);

  let counter = 0;
  const autosave = async () => {
    counter++;
    const values = { locales: drafts[2].locales.map((l, i) => (i === 0 ? { ...l, displayName: `Autosave ${counter}` } : l)) };
    const started = performance.now();
    const result = await callAction(server.base, autosaveRequest.url, ids.saveStepDraft, [registrationId, 2, values, revision], autosaveRequest.headers);
    const ms = performance.now() - started;
    if (!result.answer?.ok) throw new Error(`an autosave failed: ${result.text.slice(0, 300)}`);
    revision = result.answer.revision;
    return ms;
  };
  const noop = async () => {
    const started = performance.now();
    const result = await callAction(server.base, noopRequest.url, noopId, [], noopRequest.headers);
    const ms = performance.now() - started;
    if (!result.answer?.ok) throw new Error(`the no-op action failed: ${result.text.slice(0, 300)}`);
    return ms;
  };

  // Warm both paths up (JIT, caches), untimed.
  for (let i = 0; i < 10; i++) {
    await autosave();
    await noop();
  }
  const cpu = { autosave: 0, noop: 0 };
  const latency = { autosave: [], noop: [] };
  const kinds = [
    ['autosave', autosave],
    ['noop', noop],
  ];
  for (let block = 0; block < Math.ceil(n / BLOCK); block++) {
    for (let k = 0; k < kinds.length; k++) {
      const [name, call] = kinds[(k + block) % kinds.length];
      const before = server.cpuMs();
      for (let i = 0; i < BLOCK; i++) latency[name].push(await call());
      cpu[name] += server.cpuMs() - before;
    }
  }
  const calls = Math.ceil(n / BLOCK) * BLOCK;

  // --- 50 concurrent updates of 50 existing drafts. -------------------------------------
  const STEP_VALUES = {
    2: (i, round) => ({ locales: [{ locale: 'en-GB', displayName: `Concurrent ${i} ${round}`, shortDescription: 's', description: 'd' }] }),
    5: (i, round) => ({ spaceTypes: [['BUSINESS', 'PARTNER'][(i + round) % 2]] }),
    7: (i, round) => ({ brandName: ['Banqup', 'Jefacture', 'ALL'][(i + round) % 3] }),
    8: (i, round) => ({ countries: [['BE', 'FR', 'NL', 'DE', 'LU'][(i + round) % 5]] }),
    9: (i, round) => ({ version: `1.${round}.${i}` }),
  };
  const drafts50 = [];
  for (let i = 0; i < 10; i++) {
    const id = await app.start();
    await app.draftInSandbox(id, `Concurrent ${i}`);
    for (const step of Object.keys(STEP_VALUES).map(Number)) {
      const saved = await app.save(id, step, STEP_VALUES[step](i, 0), 0); // the first insert, not timed
      if (!saved.ok) throw new Error(`could not create the draft of step ${step}`);
      drafts50.push({ id, step, i, revision: saved.revision });
    }
  }
  const results = await Promise.all(
    drafts50.map(async (d) => {
      const values = STEP_VALUES[d.step](d.i, 1);
      const started = performance.now();
      const result = await callAction(server.base, autosaveRequest.url, ids.saveStepDraft, [d.id, d.step, values, d.revision], autosaveRequest.headers);
      return { ...d, values, ms: performance.now() - started, ok: result.answer?.ok === true };
    }),
  );
  let lost = 0;
  const exports = new Map();
  for (const r of results) {
    if (!exports.has(r.id)) exports.set(r.id, await (await fetch(`${server.base}/registrations/${r.id}/export`)).json());
    const doc = exports.get(r.id);
    const stored = { 2: () => doc.locales, 5: () => doc.spaceTypes, 7: () => doc.brandName, 8: () => doc.countries, 9: () => doc.version?.version }[r.step]();
    const expected = { 2: r.values.locales, 5: r.values.spaceTypes, 7: r.values.brandName, 8: r.values.countries, 9: r.values.version }[r.step];
    if (r.ok && JSON.stringify(stored) !== JSON.stringify(expected)) lost++;
  }
  // And 50 saves of one draft, all from the same revision: exactly one may win, the other 49
  // are told of the conflict, and what is stored is the winner's.
  const contested = drafts50.find((d) => d.step === 7);
  const brands = ['Banqup', 'Jefacture', 'ALL'];
  const current = await app.save(contested.id, 7, { brandName: 'Banqup' }, 0); // refused: tells the revision it holds
  const base = current.conflict?.revision;
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => callAction(server.base, autosaveRequest.url, ids.saveStepDraft, [contested.id, 7, { brandName: brands[i % 3] }, base], autosaveRequest.headers)),
  );
  const winners = answers.flatMap((a, i) => (a.answer?.ok ? [brands[i % 3]] : []));
  const told = answers.filter((a) => a.answer?.conflict).length;
  const storedBrand = (await (await fetch(`${server.base}/registrations/${contested.id}/export`)).json()).brandName;
  const contestedLost = Math.max(0, winners.length - 1) + (winners.length === 1 && winners[0] !== storedBrand ? 1 : 0);
  const ms50 = results.map((r) => r.ms);
  return {
    calls,
    cpuPerCall: { autosave: cpu.autosave / calls, noop: cpu.noop / calls },
    latency: { autosave: median(latency.autosave), noop: median(latency.noop) },
    concurrent: { count: results.length, saved: results.filter((r) => r.ok).length, p50: percentile(ms50, 50), p95: percentile(ms50, 95), lost },
    contested: { winners: winners.length, told, lost: contestedLost },
  };
}
