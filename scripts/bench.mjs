#!/usr/bin/env node
/**
 * npm run bench — the product's performance, every figure a ratio to a yardstick measured in
 * the same run: an empty Next.js app of the same versions (first-load JS, idle memory, cold
 * start), the bare API call (step overhead), the critical path (the whole registration), a
 * no-op server action (autosave CPU), the same page with little data (growth). Latencies are
 * medians of 30 runs or more, interleaved with their yardstick. One line per figure with its
 * budget, printed as soon as it is measured; then a summary. Exits 1 when a budget is broken,
 * 2 when a part could not be measured (after printing everything it could).
 *
 *   BENCH_SKIP_BUILD=1     reuse the last builds (.next-bench and the empty app's)
 *   BENCH_DATABASE_URL=…   also measure on PostgreSQL (a throw-away schema; `bash .ci/postgres.sh` prints a URL)
 *
 * What each figure means: README.md, "Performance". The parts: scripts/bench/.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { actionIds } from './bench/actions.mjs';
import { measureAutosave } from './bench/autosave.mjs';
import { buildEmptyApp, emptyAppDir } from './bench/empty-app.mjs';
import { autosave as autosaveFigures } from './bench/figures.mjs';
import { appClient, makeFiles, sandboxClient } from './bench/fixtures.mjs';
import { loadPage } from './bench/first-load.mjs';
import { copyFolder, measureGrowth, seedByCloning } from './bench/growth.mjs';
import { failed, figure, kb, mb, ms, results, section, spread } from './bench/report.mjs';
import { measureStepOverhead } from './bench/step-overhead.mjs';
import { cleanEnv, launchBrowser, median, progress, sleep, startServer } from './bench/util.mjs';
import { measureWhole } from './bench/whole.mjs';

const DIST_DIR = '.next-bench';
const SETTLE_MS = 10_000; // idle: this long after the last page, GC not forced
const COLD_STARTS = 5;
const ROUNDS = 30;
const BUDGETS = {
  firstLoad: 1.45, // first-load JS of every page / the empty app's page (aim: 1.25)
  stepOverhead100: 1.2, // click Send → step list updated / the bare call, both at +100 ms
  wholeVsCritical: 1.5, // the whole registration through the UI / its critical path
  idleRssPglite: 2, // idle RSS / the empty app's
  idleRssPostgres: 1.3,
  newFolderRss: 1.05, // a brand-new folder's idle RSS / an existing one's: no worse (5 % for noise)
  autosaveCpu: 2, // CPU per autosave / per no-op action
  summaryGrowth: 2, // summary time with 2,000 journal entries / with 30
};

// ---------------------------------------------------------------------------------------
// The machine, and its load while the bench runs (another build on it skews everything).

const startedAt = Date.now();
const loadNow = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const loadSamples = [];
const loadSampler = setInterval(() => loadSamples.push(os.loadavg()[0]), 5_000);
const versions = Object.fromEntries(['next', 'react', 'react-dom', '@electric-sql/pglite'].map((name) => [name, JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version]));
const concurrency = /BANQUP_CONCURRENCY: positiveInt\((\d+)/.exec(readFileSync('lib/env.ts', 'utf8'))?.[1] ?? '?';
console.log(`# npm run bench, ${new Date().toISOString()}`);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`);
console.log(`load average (1/5/15 min) at the start: ${loadNow()}`);
console.log(`versions: next ${versions.next}, react ${versions.react}, react-dom ${versions['react-dom']}, PGlite ${versions['@electric-sql/pglite']}; both apps built with next build --webpack, served by next start`);
console.log(`BANQUP_CONCURRENCY: ${concurrency} (the default: the bench's servers get no BANQUP_* variable)`);

const work = mkdtempSync(path.join(os.tmpdir(), 'banqup-bench-'));
const logFile = (name) => path.join(work, `${name}.log`);
const folder = (name) => path.join(work, name);
// UPLOADS_PER_MINUTE: the bench uploads ~200 files a minute, from one client (the default allows 30).
const appEnv = (extra) => cleanEnv({ NEXT_DIST_DIR: DIST_DIR, BENCH: '1', UPLOADS_PER_MINUTE: '100000', ...extra });
const startApp = (name, extra) => startServer({ env: appEnv(extra), readyPath: '/api/ready', logFile: logFile(name) });
const startEmpty = () => startServer({ cwd: emptyAppDir(), env: cleanEnv({}), readyPath: '/', logFile: logFile('empty') });

// ---------------------------------------------------------------------------------------
// Builds: the app as `npm run build` makes it, into .next-bench; the empty app beside it.

const reuse = process.env.BENCH_SKIP_BUILD === '1';
const appBuilt = reuse && existsSync(path.join(DIST_DIR, 'BUILD_ID'));
progress(appBuilt ? `reusing ${DIST_DIR} and the empty app's build` : `building the app (npm run build, into ${DIST_DIR}) and the empty app, side by side`);
await Promise.all([
  buildEmptyApp({ reuse }),
  appBuilt
    ? undefined
    : promisify(execFile)('npm', ['run', '--silent', 'build'], { env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' }, maxBuffer: 64 * 1024 * 1024 }).catch((error) => {
        throw new Error(`npm run build failed:\n${error.stderr || error.stdout || error.message}`);
      }),
]);
const { ids, encryptionKey } = actionIds(DIST_DIR);
const files = makeFiles();
const browser = await launchBrowser();
const cleanups = [];
let fatal;

/** Runs one part; a part that fails is reported as such and the bench goes on with the next. */
async function part(name, work) {
  try {
    return await work();
  } catch (error) {
    failed(name, error);
    return undefined;
  }
}

try {
  // -------------------------------------------------------------------------------------
  // The data: one folder made through the app (a complete registration, all sent; a new one;
  // a review link; the two registrations whose summaries are timed), then, server stopped,
  // two copies grown in SQL to 10 and 1,000 registrations.
  progress('the data folder: first start on a brand-new folder, registrations made through the app');
  const main = folder('main');
  let server = await startApp('main', { DATA_DIR: main });
  const firstStartMs = server.startupMs;
  let app = appClient(server.base, ids);
  const complete = await app.wholeRegistration(files, 'Complete app');
  await app.sendEverything(complete.registrationId);
  const fresh = await app.start();
  const reviewPath = await app.reviewLink(complete.registrationId);
  const summary30 = await app.wholeRegistration(files, 'Summary 30');
  await app.sendEverything(summary30.registrationId);
  const summary2000 = await app.wholeRegistration(files, 'Summary 2000');
  await app.sendEverything(summary2000.registrationId);
  await server.stop();
  progress('growing two copies of it to 10 and 1,000 registrations (PGlite, server stopped)');
  const small = folder('growth-10');
  const big = folder('growth-1000');
  copyFolder(main, small);
  copyFolder(main, big);
  const smallCount = await seedByCloning(small, { template: complete.registrationId, copies: 6, journals: { [summary30.registrationId]: 30 } });
  const bigCount = await seedByCloning(big, { template: complete.registrationId, copies: 996, journals: { [summary30.registrationId]: 30, [summary2000.registrationId]: 2000 } });
  if (smallCount !== 10 || bigCount !== 1000) throw new Error(`the growth folders hold ${smallCount} and ${bigCount} registrations, not 10 and 1,000`);

  const pages = [
    ['list', '/'],
    ['new registration (step 1, empty)', `/registrations/${fresh}/draft`],
    ...['draft', 'info', 'logo', 'media', 'space-types', 'space-segments', 'brand', 'locations', 'version'].map((slug, i) => [`step ${i + 1} ${slug}`, `/registrations/${complete.registrationId}/${slug}`]),
    ['step 10 approval', `/registrations/${complete.registrationId}/approval`],
    ['summary', `/registrations/${complete.registrationId}/summary`],
    ['connection (settings)', '/settings'],
    ['review link', reviewPath],
  ];

  // -------------------------------------------------------------------------------------
  progress(`cold starts: ${COLD_STARTS} of each app, interleaved`);
  const starts = { app: [], empty: [] };
  for (let i = 0; i < COLD_STARTS; i++) {
    for (const kind of i % 2 ? ['empty', 'app'] : ['app', 'empty']) {
      const s = kind === 'app' ? await startApp('main', { DATA_DIR: main }) : await startEmpty();
      starts[kind].push(s.startupMs);
      await s.stop();
    }
  }

  // -------------------------------------------------------------------------------------
  progress('first-load JavaScript of every page kind, and idle memory');
  const newFolder = await startApp('new-folder', { DATA_DIR: folder('new') });
  server = await startApp('main', { DATA_DIR: main });
  const empty = await startEmpty();
  const weights = new Map();
  const emptyPage = await loadPage(browser, `${empty.base}/`);
  if (emptyPage.status !== 200) throw new Error(`the empty app answered ${emptyPage.status}`);
  const samePages = pages.filter(([name]) => name === 'list' || name === 'connection (settings)');
  for (const [name, p] of samePages) {
    weights.set(name, await loadPage(browser, `${server.base}${p}`));
    await loadPage(browser, `${newFolder.base}${p}`);
  }
  await sleep(SETTLE_MS);
  const rss = { empty: empty.rssMb(), newFolder: newFolder.rssMb(), existingSame: server.rssMb() };
  for (const [name, p] of pages) if (!weights.has(name)) weights.set(name, await loadPage(browser, `${server.base}${p}`));
  await sleep(SETTLE_MS);
  rss.existingAll = server.rssMb();
  await newFolder.stop();
  await empty.stop();

  section('First-load JavaScript (every script a page loads in a fresh browser context until the network is quiet for 1 s: transferred, i.e. gzip as next start sends it; decoded in the note)');
  figure({ name: 'empty Next.js app (one client form with useState)', value: `${kb(emptyPage.transferred)} (${kb(emptyPage.decoded)} decoded, ${emptyPage.scripts.length} scripts)` });
  for (const [name] of pages) {
    const w = weights.get(name);
    if (w.status !== 200) {
      failed(`first-load JS, ${name}`, new Error(`the page answered ${w.status}`));
      continue;
    }
    figure({
      name: `first-load JS, ${name}`,
      value: kb(w.transferred),
      ratio: w.transferred / emptyPage.transferred,
      budget: BUDGETS.firstLoad,
      note: `${kb(w.decoded)} decoded, ×${(w.decoded / emptyPage.decoded).toFixed(2)}; ${w.scripts.length} scripts; aim ×1.25`,
    });
  }

  section(`Server memory and start-up (VmRSS of the server's process tree, ${SETTLE_MS / 1000} s after its last page, GC not forced)`);
  figure({ name: 'idle RSS, empty app (its page loaded)', value: mb(rss.empty) });
  figure({ name: 'idle RSS, PGlite, existing data folder, every page kind loaded once', value: mb(rss.existingAll), reference: `empty app ${mb(rss.empty)}`, ratio: rss.existingAll / rss.empty, budget: BUDGETS.idleRssPglite });
  figure({
    name: 'idle RSS, PGlite, brand-new data folder (list and connection pages loaded)',
    value: mb(rss.newFolder),
    reference: `existing folder, the same pages ${mb(rss.existingSame)}`,
    ratio: rss.newFolder / rss.existingSame,
    budget: BUDGETS.newFolderRss,
  });
  figure({ name: `cold start, PGlite, existing folder (spawn → first 200 of /api/ready), median of ${COLD_STARTS}`, value: ms(median(starts.app)), reference: `empty app (spawn → first 200 of /) ${ms(median(starts.empty))}`, ratio: median(starts.app) / median(starts.empty) });
  figure({ name: 'cold start, PGlite, brand-new folder (creates and migrates it), one start', value: ms(firstStartMs), reference: `empty app ${ms(median(starts.empty))}`, ratio: firstStartMs / median(starts.empty) });

  // -------------------------------------------------------------------------------------
  app = appClient(server.base, ids);
  const sandbox = sandboxClient(server.base);

  await part('step overhead', async () => {
    progress(`step overhead through the browser: ${ROUNDS} rounds`);
    const { medians: o, runs } = await measureStepOverhead({ server, browser, app, sandbox, rounds: ROUNDS });
    section(`Step overhead through the browser (step 8, one new country per run: click "Send and continue" → the step list says Sent, against fetch() of the same call from the same page; median of ${ROUNDS} each, interleaved)`);
    figure({ name: 'no added latency', value: ms(o.ui0), reference: `bare call ${ms(o.bare0)}`, ratio: o.ui0 / o.bare0, note: `+${ms(o.ui0 - o.bare0)}; ${spread(runs.ui0)} vs ${spread(runs.bare0)}` });
    figure({ name: '+100 ms per call', value: ms(o.ui100), reference: `bare call ${ms(o.bare100)}`, ratio: o.ui100 / o.bare100, budget: BUDGETS.stepOverhead100, note: `+${ms(o.ui100 - o.bare100)}; ${spread(runs.ui100)} vs ${spread(runs.bare100)}` });
  });

  await part('the whole registration', async () => {
    progress(`the whole registration: ${ROUNDS} rounds of UI, critical path, one after another`);
    const { medians: w, runs } = await measureWhole({ server, browser, app, sandbox, files, rounds: ROUNDS, onProgress: (done, total) => done % 10 === 0 && progress(`  round ${done} of ${total}`) });
    section(`The whole registration (25 calls after step 1, the sandbox adding 100 ms to each; BANQUP_CONCURRENCY ${concurrency}; median of ${ROUNDS} each, interleaved)`);
    figure({ name: 'through the UI: click "Send everything" → "Sent 8 steps to Banqup."', value: ms(w.ui), reference: `critical path ${ms(w.critical)}`, ratio: w.ui / w.critical, budget: BUDGETS.wholeVsCritical, note: `${spread(runs.ui)} vs ${spread(runs.critical)}` });
    figure({ name: 'through the UI, against the calls one after another', value: ms(w.ui), reference: `one after another ${ms(w.sequential)}`, ratio: w.ui / w.sequential, note: spread(runs.sequential) });
  });

  await part('autosave, PGlite', async () => {
    progress('autosave on PGlite: CPU per save, 50 concurrent updates');
    autosaveFigures(figure, section, 'PGlite', await measureAutosave({ server, browser, app, ids, files, n: 200 }), BUDGETS.autosaveCpu);
  });
  await server.stop();

  await part('growth', async () => {
    progress('growth: the list at 10 and 1,000 registrations, the summary with 30 and 2,000 journal entries');
    const smallServer = await startApp('growth-10', { DATA_DIR: small });
    const bigServer = await startApp('growth-1000', { DATA_DIR: big });
    try {
      const g = await measureGrowth({
        rounds: ROUNDS,
        timed: {
          list10: `${smallServer.base}/`,
          list1000: `${bigServer.base}/`,
          summary30: `${bigServer.base}/registrations/${summary30.registrationId}/summary`,
          summary2000: `${bigServer.base}/registrations/${summary2000.registrationId}/summary`,
        },
        // The small server gets two summaries a round too: both servers do the same work.
        untimed: [`${smallServer.base}/registrations/${summary30.registrationId}/summary`, `${smallServer.base}/registrations/${summary30.registrationId}/summary`],
      });
      section(`Growth (GET of the page from Node: request → last byte, and its HTML, uncompressed; median of ${ROUNDS} each, interleaved)`);
      figure({ name: 'list, 1,000 registrations (its first page: 50)', value: `${ms(g.list1000.ms)}, ${kb(g.list1000.bytes)}`, reference: `10 registrations ${ms(g.list10.ms)}, ${kb(g.list10.bytes)}`, ratio: g.list1000.ms / g.list10.ms, note: `bytes ×${(g.list1000.bytes / g.list10.bytes).toFixed(2)}` });
      figure({ name: 'summary, 2,000 journal entries', value: `${ms(g.summary2000.ms)}, ${kb(g.summary2000.bytes)}`, reference: `30 entries ${ms(g.summary30.ms)}, ${kb(g.summary30.bytes)}`, ratio: g.summary2000.ms / g.summary30.ms, budget: BUDGETS.summaryGrowth, note: `bytes ×${(g.summary2000.bytes / g.summary30.bytes).toFixed(2)}` });
    } finally {
      await smallServer.stop();
      await bigServer.stop();
    }
  });

  // -------------------------------------------------------------------------------------
  if (process.env.BENCH_DATABASE_URL) {
    await part('PostgreSQL', async () => {
      progress('PostgreSQL (BENCH_DATABASE_URL), in a throw-away schema');
      const { Client } = await import('pg');
      const admin = new Client({ connectionString: process.env.BENCH_DATABASE_URL });
      await admin.connect();
      const schema = `bench_${randomUUID().replace(/-/g, '')}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      cleanups.push(async () => {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      });
      const url = new URL(process.env.BENCH_DATABASE_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      // A server on PostgreSQL must be given the key the build was made with.
      const pgEnv = { DATABASE_URL: url.toString(), NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: encryptionKey };
      // First start: migrates the schema; the same registrations as on PGlite.
      let pg = await startApp('postgres', pgEnv);
      const pgApp = appClient(pg.base, ids);
      const pgComplete = await pgApp.wholeRegistration(files, 'Complete app');
      await pgApp.sendEverything(pgComplete.registrationId);
      const pgFresh = await pgApp.start();
      const pgReview = await pgApp.reviewLink(pgComplete.registrationId);
      await pg.stop();
      const pgStarts = [];
      for (let i = 0; i < COLD_STARTS; i++) {
        const s = await startApp('postgres', pgEnv);
        pgStarts.push(s.startupMs);
        await s.stop();
      }
      pg = await startApp('postgres', pgEnv);
      try {
        for (const [name, p] of pages) {
          const loaded = await loadPage(browser, `${pg.base}${p.replace(complete.registrationId, pgComplete.registrationId).replace(fresh, pgFresh).replace(reviewPath, pgReview)}`);
          if (loaded.status !== 200) throw new Error(`${name} answered ${loaded.status} on PostgreSQL`);
        }
        await sleep(SETTLE_MS);
        const pgRss = pg.rssMb();
        section(`PostgreSQL (BENCH_DATABASE_URL; memory as above, against the same empty app)`);
        figure({ name: 'idle RSS, PostgreSQL, every page kind loaded once', value: mb(pgRss), reference: `empty app ${mb(rss.empty)}`, ratio: pgRss / rss.empty, budget: BUDGETS.idleRssPostgres });
        figure({ name: `cold start, PostgreSQL (spawn → first 200 of /api/ready), median of ${COLD_STARTS}`, value: ms(median(pgStarts)), reference: `empty app ${ms(median(starts.empty))}`, ratio: median(pgStarts) / median(starts.empty) });
        progress('autosave on PostgreSQL');
        autosaveFigures(figure, section, 'PostgreSQL', await measureAutosave({ server: pg, browser, app: appClient(pg.base, ids), ids, files, n: 200 }), BUDGETS.autosaveCpu);
      } finally {
        await pg.stop();
      }
    });
  } else {
    section('PostgreSQL: not measured (set BENCH_DATABASE_URL; `bash .ci/postgres.sh` prints one)');
  }
} catch (error) {
  fatal = error;
} finally {
  clearInterval(loadSampler);
  await browser.close();
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}

const mean = loadSamples.length ? loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length : os.loadavg()[0];
console.log(`\nload average (1/5/15 min) at the end: ${loadNow()}; 1-min load while it ran: mean ${mean.toFixed(2)}, max ${Math.max(0, ...loadSamples).toFixed(2)} (${os.cpus().length} cores); the bench took ${Math.round((Date.now() - startedAt) / 1000)} s`);
if (fatal) {
  console.log(`\nTHE BENCH STOPPED before it could measure everything: ${fatal.message}`);
  process.stderr.write(`${fatal.stack ?? fatal}\n`);
  process.exit(2);
}
const broken = results.filter((r) => r.ok === false);
const kept = results.filter((r) => r.ok === true);
console.log(`\n## Summary: ${kept.length} budgets kept, ${broken.length} broken`);
for (const r of broken) {
  const what = r.failure ? 'could not be measured' : r.equals ? `${r.value} (budget ${r.equals.expected})` : `×${r.ratio.toFixed(2)} (budget ≤ ×${r.budget})`;
  console.log(`  OVER BUDGET: ${r.section ? `${r.section}: ` : ''}${r.name}: ${what}`);
}
if (results.some((r) => r.failure)) process.exit(2);
if (broken.length) process.exit(1);
console.log('All figures within budget.');
