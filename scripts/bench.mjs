#!/usr/bin/env node
/**
 * npm run bench — the product's performance figures, measured in one run:
 * builds the app (into .next-bench), starts it on a free port with a throw-away database,
 * drives it with Chromium, prints one line per figure, and exits non-zero when a budget is
 * broken. BENCH_SKIP_BUILD=1 reuses the last .next-bench build.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const DIST_DIR = '.next-bench';
const TOKEN = 'sandbox-token';
const BUDGETS = {
  firstLoadKb: 200,
  stepOverheadMs: 100, // median extra time of a send through the app over the bare API call
  wholeVsSequential: 1, // the app must beat the recipe done by hand
  uploadPeakMb: 128,
  lostUpdates: 0,
  autosaveP95Ms: 1000,
};
const broken = [];
const progress = (what) => process.stderr.write(`[bench] ${what}…\n`);
const figure = (name, value, budget, ok) => {
  console.log(`${name}: ${value}${budget ? ` (budget ${budget})` : ''}${ok === false ? '  << OVER BUDGET' : ''}`);
  if (ok === false) broken.push(name);
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const round = (x, digits = 1) => Number(x.toFixed(digits));

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------
// PNGs made here: a real screenshot-sized one, and one padded to the media size limit.

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(width, height, rgb, padTo = 0) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(Array(height).fill(row)))), chunk('IEND', Buffer.alloc(0))];
  const file = Buffer.concat(parts);
  return padTo > file.length ? Buffer.concat([file, Buffer.alloc(padTo - file.length)]) : file;
}
const LOGO = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="512" height="512" fill="#1f5fd1"/></svg>');

// ---------------------------------------------------------------------------------------

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' };
if (!process.env.BENCH_SKIP_BUILD || !existsSync(DIST_DIR)) {
  console.log('[bench] building…');
  // The same build as `npm run build`, so the figures are those of what teams deploy.
  execFileSync('npm', ['run', '--silent', 'build'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}
const dataDir = mkdtempSync(path.join(tmpdir(), 'banqup-wizard-bench-'));
const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
  env: { ...env, PORT: String(port), DATA_DIR: dataDir, BANQUP_API_URL: '' },
  stdio: 'ignore',
});
const stop = () => server.kill('SIGKILL');
process.on('exit', stop);
progress(`starting the server on port ${port}`);
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/ready`)).ok) break;
  } catch {
    // starting
  }
  if (i > 150) throw new Error('the server did not start');
  await new Promise((r) => setTimeout(r, 200));
}
// NOTE: `next start` runs the server in the process it was spawned as: its pid is the one to measure.
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const sandbox = (p) => `${base}/sandbox${p}`;
const api = (method, p, body) =>
  fetch(sandbox(`/servicemngmt${p}`), { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
const fault = (body) => fetch(sandbox('/control/faults'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' }, body: JSON.stringify(body) });
const clearFaults = () => fetch(sandbox('/control/faults'), { method: 'DELETE', headers: { 'x-sandbox-control': '1' } });
const newDraft = async (name) =>
  (
    await (
      await fetch(sandbox('/support/drafts'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, namespace: 'bench_app', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002' }),
      })
    ).json()
  ).applicationId;

/** A registration with its draft app, through the UI; returns its id. */
async function startRegistration(page, name) {
  await page.goto(base);
  await page.getByRole('button', { name: 'Start a registration' }).first().click();
  await page.waitForURL(/\/draft$/);
  await page.getByLabel('App name').fill(name);
  await page.getByLabel('Namespace').fill('bench_app');
  await page.getByLabel('ownerEntityId (legal entity id)').fill('f47c5440-89cb-11ee-b9d1-0242ac120002');
  await page.getByRole('button', { name: 'Create draft in sandbox' }).click();
  await page.waitForFunction(() => document.querySelector('#field-applicationId')?.value?.length === 36);
  try {
    await page.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
  } catch (error) {
    console.error('[bench] statuses:', await page.getByRole('status').allInnerTexts(), await page.getByRole('alert').allInnerTexts());
    await page.screenshot({ path: 'test-results/bench-failure.png', fullPage: true });
    throw error;
  }
  return /registrations\/([0-9a-f-]{36})/.exec(page.url())[1];
}

try {
  const page = await browser.newPage();

  // --- A complete registration, also the pages to weigh. -------------------------------
  progress('starting a registration');
  page.setDefaultTimeout(60_000);
  page.on('dialog', (dialog) => void dialog.accept());
  const registrationId = await startRegistration(page, 'Bench app');
  const step = (slug) => `${base}/registrations/${registrationId}/${slug}`;

  // --- Step overhead: one call through the app vs the same call straight to the sandbox. ---
  progress('step overhead');
  await page.goto(step('info'));
  await page.getByLabel('Short description (en-GB)').fill('Measured');
  await page.getByLabel('Description (en-GB)', { exact: true }).fill('The benchmark sends this step again and again, each time with a changed display name.');
  // The send action as the browser calls it (its id, from one real send), then replayed:
  // each run changes the display name, so exactly one call goes to the sandbox.
  await page.getByLabel('Display name (en-GB)').fill('Bench');
  await page.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
  const sendRequest = page.waitForRequest((r) => r.method() === 'POST' && (r.postData() ?? '').includes('"Bench"') && Boolean(r.headers()['next-action']));
  await page.getByRole('button', { name: 'Send to Banqup' }).click();
  const sendActionId = (await sendRequest).headers()['next-action'];
  await page.getByText(/Sent \d+ of \d+ call/).first().waitFor();
  // Replayed on step 8, one new country per run: every run is exactly one new item (a changed
  // text of a locale already sent would be a second entry at Banqup, which asks to confirm).
  const OVERHEAD_COUNTRIES = ['BE', 'NL', 'FR', 'DE', 'LU', 'AT', 'IT', 'ES', 'PT', 'IE', 'DK', 'SE', 'FI', 'PL', 'CZ', 'SK', 'SI', 'HR', 'HU', 'RO', 'BG', 'GR', 'CY', 'MT', 'EE', 'LV', 'LT', 'NO', 'CH', 'GB', 'IS'];
  let revision = 0;
  const appRuns = [];
  for (const [run, countryCode] of OVERHEAD_COUNTRIES.entries()) {
    const started = performance.now();
    const res = await fetch(step('info'), {
      method: 'POST',
      headers: { 'next-action': sendActionId, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', origin: base },
      body: JSON.stringify([registrationId, 8, { countries: [countryCode] }, revision]),
    });
    const text = await res.text();
    appRuns.push(performance.now() - started);
    if (!/Sent 1 of 1 call/.test(text)) throw new Error(`send ${run} did not send: ${text.slice(0, 300)}`);
    revision = Number(/"revision":(\d+)/.exec(text)?.[1] ?? revision);
  }
  const directApp = await newDraft('Direct');
  const directRuns = [];
  for (const countryCode of OVERHEAD_COUNTRIES) {
    const started = performance.now();
    const res = await api('POST', `/v1/applications/${directApp}/locations`, { countryCode, status: 'ACTIVE' });
    await res.text();
    directRuns.push(performance.now() - started);
  }
  const appMedian = median(appRuns);
  const directMedian = median(directRuns);
  figure('one country (step 8) sent through the app, median of 31', `${round(appMedian)} ms`);
  figure('one country straight to the sandbox, median of 31', `${round(directMedian)} ms`);
  figure('step overhead (app / direct)', `×${round(appMedian / directMedian, 2)}, +${round(appMedian - directMedian)} ms`, `+${BUDGETS.stepOverheadMs} ms`, appMedian - directMedian <= BUDGETS.stepOverheadMs);

  // --- A whole registration with 100 ms per call. -------------------------------------
  progress('whole registration');
  const whole = await startRegistration(page, 'Whole app');
  const locales = ['en-GB', 'fr-BE', 'nl-BE'];
  const countries = ['BE', 'NL', 'FR', 'DE', 'LU', 'AT', 'IT', 'ES', 'PT', 'IE'];
  // Files are uploaded first, as the user does before sending (not timed: no Banqup call).
  const uploadAsset = async (kind, name, bytes) => {
    const res = await fetch(`${base}/api/registrations/${whole}/assets?kind=${kind}`, {
      method: 'POST',
      headers: { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream', 'x-file-name': name },
      body: bytes,
    });
    return (await res.json()).asset.id;
  };
  const logoId = await uploadAsset('logo', 'logo.svg', LOGO);
  const mediaIds = [];
  for (let i = 0; i < 5; i++) mediaIds.push(await uploadAsset('media', `shot-${i}.png`, png(1600, 900, [40 * i, 90, 200 - 30 * i])));
  const wholeSteps = [
    [2, { locales: locales.map((locale) => ({ locale, displayName: `Whole ${locale}`, shortDescription: 'Timed', description: 'A whole registration, timed with the sandbox adding 100 ms to every call.' })) }],
    [3, { logoAssetId: logoId }],
    [4, { media: mediaIds.map((assetId) => ({ assetId })) }],
    [5, { spaceTypes: ['BUSINESS'] }],
    [6, { spaceSegments: ['SME'] }],
    [7, { brandName: 'Banqup' }],
    [8, { countries }],
    [
      9,
      {
        version: '1.0.0',
        releaseNote: '',
        releaseDate: '2026-04-16T13:03:36Z',
        copyright: '',
        serviceAccount: '6b1a3c0e-1f2d-4e5a-9b7c-8d9e0f1a2b3c',
        permissions: [],
        minAssuranceLevels: { entity: '', user: '' },
        dependencies: '',
        clientConfigurations: '',
        appCallbacks: { addUrl: 'https://bench.example/add', activationUrl: '', deactivationUrl: '', configureUrl: '', removeUrl: '' },
        authorizationHeader: '',
      },
    ],
  ];
  await fault({ path: '/servicemngmt/', delayMs: 100, times: 1000 });
  const wholeTimes = [];
  for (const [stepNumber, values] of wholeSteps) {
    const started = performance.now();
    const res = await fetch(`${base}/registrations/${whole}/info`, {
      method: 'POST',
      headers: { 'next-action': sendActionId, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', origin: base },
      body: JSON.stringify([whole, stepNumber, values, 0]),
    });
    const text = await res.text();
    wholeTimes.push(performance.now() - started);
    if (!/Sent \d+ of \d+ call/.test(text)) throw new Error(`step ${stepNumber} did not send: ${text.slice(0, 300)}`);
  }
  const throughApp = wholeTimes.reduce((a, b) => a + b, 0);

  // The same 23 calls by hand, one after another, and all at once (the critical path).
  const calls = (applicationId) => [
    ...locales.map((locale) => () => api('POST', `/v2/applications/${applicationId}/infoLocalizations`, { locale, displayName: 'x', shortDescription: 'y', description: 'z' })),
    () => {
      const form = new FormData();
      form.set('logoFile', new Blob([LOGO]), 'logo.svg');
      return fetch(sandbox(`/servicemngmt/v1/applications/${applicationId}/logo`), { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    },
    ...[1, 2, 3, 4, 5].map((displayOrder) => () => {
      const form = new FormData();
      form.set('mediaFile', new Blob([png(1600, 900, [10, 10, 10])]), `shot-${displayOrder}.png`);
      form.set('displayOrder', String(displayOrder));
      form.set('mediaType', 'IMAGE');
      return fetch(sandbox(`/servicemngmt/v1/applications/${applicationId}/medias`), { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    }),
    () => api('POST', `/v1/applications/${applicationId}/spaceTypes`, { spaceType: 'BUSINESS' }),
    () => api('POST', `/v2/applications/${applicationId}/spaceSegments`, { spaceSegment: 'SME' }),
    () => api('POST', `/v1/applications/${applicationId}/brands`, { brandName: 'Banqup' }),
    ...countries.map((countryCode) => () => api('POST', `/v1/applications/${applicationId}/locations`, { countryCode, status: 'ACTIVE' })),
    () => api('POST', `/v1/applications/${applicationId}/versions`, { version: '1.0.0', manifest: { serviceAccount: '6b1a3c0e-1f2d-4e5a-9b7c-8d9e0f1a2b3c' } }),
  ];
  const byHand = await newDraft('By hand');
  let started = performance.now();
  for (const call of calls(byHand)) await (await call()).text();
  const sequential = performance.now() - started;
  const allAtOnce = await newDraft('All at once');
  started = performance.now();
  await Promise.all(calls(allAtOnce).map(async (call) => (await call()).text()));
  const criticalPath = performance.now() - started;
  await clearFaults();
  figure('whole registration (3 locales, 5 media, 10 countries, 1 version; 23 calls at +100 ms) through the app', `${Math.round(throughApp)} ms (sum of the 8 sends)`);
  figure('the same calls one after another (by hand)', `${Math.round(sequential)} ms`);
  figure('the same calls all at once (critical path)', `${Math.round(criticalPath)} ms`);
  figure('app vs by hand', `×${round(throughApp / sequential, 2)}`, `< ×${BUDGETS.wholeVsSequential}`, throughApp / sequential < BUDGETS.wholeVsSequential);

  // --- First-load JavaScript of every page, as the browser receives it (compressed). ---
  progress('first-load JavaScript');
  await page.goto(`${base}/registrations/${registrationId}/summary`);
  await page.getByRole('button', { name: 'Create a review link' }).click();
  const reviewLink = await page.getByLabel(/^Review link \(shown once; works until /).inputValue();
  const routes = [
    ['/', base],
    ...['draft', 'info', 'logo', 'media', 'space-types', 'space-segments', 'brand', 'locations', 'version', 'summary', 'approval'].map((slug) => [`/registrations/[id]/${slug}`, step(slug)]),
    ['/review/[token]', reviewLink],
    ['/settings', `${base}/settings`],
  ];
  for (const [name, url] of routes) {
    const context = await browser.newContext();
    const probe = await context.newPage();
    const scripts = [];
    probe.on('requestfinished', async (request) => {
      if (request.resourceType() === 'script') scripts.push((await request.sizes()).responseBodySize);
    });
    const response = await probe.goto(url, { waitUntil: 'networkidle' });
    if (!response || response.status() >= 400) {
      figure(`first-load JS ${name}`, `page answered ${response?.status()}`);
      await context.close();
      continue;
    }
    await probe.waitForTimeout(200);
    const kb = scripts.reduce((a, b) => a + b, 0) / 1024;
    figure(`first-load JS ${name}`, `${round(kb)} KB in ${scripts.length} scripts`, `${BUDGETS.firstLoadKb} KB`, kb <= BUDGETS.firstLoadKb);
    await context.close();
  }

  // --- Memory while receiving a media file at the size limit. -------------------------
  progress('memory');
  const idleSamples = [];
  for (let i = 0; i < 20; i++) {
    idleSamples.push(rss());
    await new Promise((r) => setTimeout(r, 25));
  }
  const idle = Math.max(...idleSamples);
  const atLimit = png(1600, 900, [1, 2, 3], 5 * 1024 * 1024);
  let peak = idle;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, rss());
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${base}/api/registrations/${registrationId}/assets?kind=media`, {
      method: 'POST',
      headers: { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream', 'x-file-name': 'limit.png' },
      body: atLimit,
    });
    if (res.status !== 201) throw new Error(`upload at the limit answered ${res.status}: ${await res.text()}`);
  }
  sampling = false;
  await sampler;
  figure('server RSS idle', `${round(idle)} MB`);
  figure(`server RSS peak receiving a ${round(atLimit.length / 1024 / 1024, 2)} MB media file (3 times)`, `${round(peak)} MB (+${round(peak - idle)} MB)`, `+${BUDGETS.uploadPeakMb} MB`, peak - idle <= BUDGETS.uploadPeakMb);

  // --- 50 concurrent draft autosaves. -------------------------------------------------
  progress('concurrent autosaves');
  // The saveStepDraft action as the browser calls it: its id, taken from a real autosave.
  await page.goto(step('brand'));
  const captured = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']) && (r.postData() ?? '').includes('brandName'));
  await page.getByRole('radio', { name: /^ALL/ }).check();
  const actionRequest = await captured;
  const actionId = actionRequest.headers()['next-action'];
  const targets = [];
  for (let i = 0; i < 10; i++) targets.push(await startRegistration(page, `Autosave ${i}`));
  const STEPS = { 5: ['BUSINESS', 'PARTNER'], 7: ['Banqup', 'Jefacture', 'ALL'], 8: ['BE', 'FR', 'NL', 'DE', 'LU'] };
  const saves = [];
  for (const [i, id] of targets.entries()) {
    saves.push({ id, step: 5, values: { spaceTypes: [STEPS[5][i % 2]] } });
    saves.push({ id, step: 7, values: { brandName: STEPS[7][i % 3] } });
    saves.push({ id, step: 8, values: { countries: [STEPS[8][i % 5]] } });
    saves.push({ id, step: 2, values: { locales: [{ locale: 'en-GB', displayName: `Autosave ${i}`, shortDescription: 's', description: 'd' }] } });
    saves.push({ id, step: 9, values: { version: `1.0.${i}` } });
  }
  const callAction = async (args) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/registrations/${args.id}/info`, {
      method: 'POST',
      headers: { 'next-action': actionId, accept: 'text/x-component', 'content-type': 'text/plain;charset=UTF-8', origin: base },
      body: JSON.stringify([args.id, args.step, args.values, args.base ?? 0]),
    });
    const text = await res.text();
    return { ms: performance.now() - t0, ok: /"ok":true/.test(text), conflict: /"conflict":\{/.test(text), status: res.status };
  };
  const results = await Promise.all(saves.map(callAction));
  const latencies = results.map((r) => r.ms);
  // Read every registration back: each save reported as saved must be what is stored.
  let lost = 0;
  for (const [i, save] of saves.entries()) {
    if (!results[i].ok) continue;
    const exported = await (await fetch(`${base}/registrations/${save.id}/export`)).json();
    const stored =
      save.step === 5 ? exported.spaceTypes : save.step === 7 ? exported.brandName : save.step === 8 ? exported.countries : save.step === 2 ? exported.locales?.[0]?.displayName : exported.version?.version;
    const expected = save.step === 5 ? save.values.spaceTypes : save.step === 7 ? save.values.brandName : save.step === 8 ? save.values.countries : save.step === 2 ? save.values.locales[0].displayName : save.values.version;
    if (JSON.stringify(stored) !== JSON.stringify(expected)) lost++;
  }
  // Contention: 50 saves of one step from the same revision. One wins, 49 are told.
  const contested = await Promise.all(Array.from({ length: 50 }, (_, i) => callAction({ id: targets[0], step: 7, values: { brandName: STEPS[7][i % 3] }, base: 1 })));
  const winners = contested.filter((r) => r.ok).length;
  const told = contested.filter((r) => r.conflict).length;
  const storedBrand = (await (await fetch(`${base}/registrations/${targets[0]}/export`)).json()).brandName;
  const winnerValues = new Set(contested.map((r, i) => (r.ok ? STEPS[7][i % 3] : null)).filter(Boolean));
  lost += Math.max(0, winners - 1) + (winners === 1 && !winnerValues.has(storedBrand) ? 1 : 0);
  figure('50 concurrent draft autosaves, p50', `${Math.round(percentile(latencies, 50))} ms`);
  figure('50 concurrent draft autosaves, p95', `${Math.round(percentile(latencies, 95))} ms`, `${BUDGETS.autosaveP95Ms} ms`, percentile(latencies, 95) <= BUDGETS.autosaveP95Ms);
  figure('50 concurrent autosaves: saved', `${results.filter((r) => r.ok).length} of 50`, '50', results.every((r) => r.ok));
  figure('50 concurrent autosaves of one step from one revision', `${winners} saved, ${told} told of the conflict`, '1 saved, 49 told', winners === 1 && told === 49);
  figure('lost updates', String(lost), String(BUDGETS.lostUpdates), lost === BUDGETS.lostUpdates);
} finally {
  await browser.close();
  stop();
}

if (broken.length) {
  console.error(`\nBUDGET BROKEN: ${broken.join('; ')}`);
  process.exit(1);
}
console.log('\nAll figures within budget.');
