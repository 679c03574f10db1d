import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { saveDraftNow, startDraftSafely } from './support/drafts';
import { LOGO_SVG, makePng } from './support/images';
import { buildEncryptionKey, spawnServer, type SpawnedServer } from './support/spawn-server';
import { openStep, sandboxState, sendStep } from './support/wizard';

/**
 * Two replicas of the production build on ONE PostgreSQL database, behind a round-robin proxy
 * written here: pages, server actions (POSTs and their streamed answers), uploads and the
 * sandbox's calls alternate between them. Whatever one replica knows, the other must too: the
 * drafts, the claims, the sandbox, the upload rate limit. Then a rolling update: one replica
 * replaced by another deployment, and a page of the old one still works or reloads.
 */

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
test.skip(!TEST_DATABASE_URL, 'TEST_DATABASE_URL is not set: two replicas need a PostgreSQL server to share (CI sets it; see .ci/postgres.sh)');
test.describe.configure({ mode: 'serial' });

const UPLOADS_PER_MINUTE = 4;

type Replica = { name: string; server: SpawnedServer };
type Served = { replica: string; method: string; path: string; kind: Kind; referer?: string; status?: number };
type Kind = 'document' | 'action' | 'other';

/**
 * Forwards every request to the replicas in turn, each kind of request taking turns on its own
 * (pages A, B, A…; server actions B, A, B…; the rest A, B…): a page and the first action posted
 * from it never reach the same replica. `pin` sends everything to one; `localAddress` is the
 * address the replicas see the requests come from (a client of its own for the rate limit).
 */
class RoundRobinProxy {
  readonly served: Served[] = [];
  private turns: Record<Kind, number> = { document: 0, action: 1, other: 0 };
  pinned?: string;
  localAddress?: string;
  private server = http.createServer((req, res) => this.forward(req, res));
  port = 0;

  constructor(public replicas: Replica[]) {}

  get baseURL() {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse) {
    const kind: Kind = req.headers['sec-fetch-dest'] === 'document' ? 'document' : req.method === 'POST' && req.headers['next-action'] ? 'action' : 'other';
    const replica = this.pinned ? this.replicas.find((r) => r.name === this.pinned) : this.replicas[this.turns[kind]++ % this.replicas.length];
    if (!replica) throw new Error(`no replica ${this.pinned}`);
    const entry: Served = { replica: replica.name, method: req.method ?? 'GET', path: req.url ?? '/', kind, referer: req.headers.referer };
    this.served.push(entry);
    const headers = { ...req.headers };
    delete headers.connection;
    delete headers['keep-alive'];
    const upstream = http.request(
      { host: '127.0.0.1', port: replica.server.port, method: req.method, path: req.url, headers, agent: false, localAddress: this.localAddress },
      (answer) => {
        entry.status = answer.statusCode;
        const answerHeaders = { ...answer.headers };
        delete answerHeaders.connection;
        delete answerHeaders['keep-alive'];
        res.writeHead(answer.statusCode ?? 502, answerHeaders);
        // Streamed as it comes: an action's answer, a page's RSC stream.
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('replica unreachable');
    });
    req.pipe(upstream);
  }
}

let admin: import('pg').Client;
let databaseName: string;
let databaseUrl: string;
let replicas: Replica[] = [];
let proxy: RoundRobinProxy;
let context: BrowserContext;

const replicaEnv = () => ({
  // The shutdown's own lines are info lines: this spec reads them.
  LOG_LEVEL: 'info',
  DATABASE_URL: databaseUrl,
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: buildEncryptionKey(),
  UPLOADS_PER_MINUTE: String(UPLOADS_PER_MINUTE),
  SHUTDOWN_GRACE_SECONDS: '20',
});
const logs = () => replicas.map((replica) => replica.server.log()).join('\n');

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  test.setTimeout(180_000);
  const { Client } = await import('pg');
  admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  databaseName = `wizard_replicas_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const url = new URL(TEST_DATABASE_URL ?? '');
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
  // Both at once: they migrate the empty database together, taking turns through the advisory lock.
  const [a, b] = await Promise.all([spawnServer(replicaEnv()), spawnServer(replicaEnv())]);
  replicas = [
    { name: 'A', server: a },
    { name: 'B', server: b },
  ];
  proxy = new RoundRobinProxy(replicas);
  await proxy.listen();
  context = await browser.newContext({ baseURL: proxy.baseURL });
});

test.afterAll(async () => {
  await context?.close();
  await proxy?.close();
  await Promise.all(replicas.map((replica) => replica.server.stop()));
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
});

test.afterEach(() => {
  expect(logs()).not.toContain('Failed to find Server Action');
});

test('both replicas are ready on the one database, migrated once', async ({ request }) => {
  for (const { server } of replicas) {
    const ready = await request.get(`${server.baseURL}/api/ready`);
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { ok: true, driver: 'postgres' } });
  }
  const { Client } = await import('pg');
  const direct = new Client({ connectionString: databaseUrl });
  await direct.connect();
  const { rows } = await direct.query<{ n: number; d: number }>('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM schema_migrations');
  await direct.end();
  const [row] = rows;
  expect(row?.n).toBe(row?.d);
  expect(row?.n).toBeGreaterThanOrEqual(10);
});

test('the upload rate limit is counted once for both replicas', async () => {
  const page = await context.newPage();
  const { registrationId } = await startDraftSafely(page, 'Rate app');
  // A client of its own (the address the replicas see), whose count starts at 0.
  proxy.localAddress = '127.0.0.2';
  try {
    const from = proxy.served.length;
    const statuses: number[] = [];
    for (let i = 0; i < UPLOADS_PER_MINUTE + 2; i++) {
      const answer = await page.request.post(`/api/registrations/${registrationId}/assets?kind=media`, {
        headers: { 'x-requested-with': 'banqup-wizard', 'content-type': 'application/octet-stream', 'x-file-name': `tiny-${i}.png` },
        data: makePng(4, 4, [i, i, i]),
      });
      statuses.push(answer.status());
    }
    const uploads = proxy.served.slice(from).filter((served) => served.path.includes('/assets'));
    expect(new Set(uploads.map((served) => served.replica))).toEqual(new Set(['A', 'B']));
    // Per process, each replica would have let 4 through: 8 in all.
    expect(statuses).toEqual([...Array(UPLOADS_PER_MINUTE).fill(201), 429, 429]);
  } finally {
    proxy.localAddress = undefined;
    await page.close();
  }
});

test('a form opened on one replica saves and sends through the other; both see what was saved', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  const { registrationId, applicationId } = await startDraftSafely(page, 'Replicated app');

  const from = proxy.served.length;
  await openStep(page, registrationId, 'info');
  await page.getByLabel('Display name (en-GB)').fill('Replicated app');
  await page.getByLabel('Short description (en-GB)').fill('Two servers, one database');
  await page
    .getByLabel('Description (en-GB)', { exact: true })
    .fill('Replicated app is served by two replicas behind a round-robin proxy, sharing one PostgreSQL database for drafts, claims and the sandbox.');
  await saveDraftNow(page);
  await sendStep(page, /Sent 1 of 1 call/);

  const served = proxy.served.slice(from);
  const document = served.find((s) => s.kind === 'document' && s.path.endsWith('/info'));
  const actions = served.filter((s) => s.kind === 'action' && s.referer?.endsWith(`/registrations/${registrationId}/info`));
  expect(document).toBeDefined();
  expect(actions.length).toBeGreaterThanOrEqual(2);
  // The page came from one replica; its actions went to both, so at least one to the other.
  expect(new Set(actions.map((a) => a.replica))).toEqual(new Set(['A', 'B']));
  // Every one answered 200; the step list's refresh after the send may still be under way.
  await expect.poll(() => actions.map((a) => a.status)).toEqual(actions.map(() => 200));

  // The logo: uploaded, saved and sent, each through whichever replica's turn it is.
  await openStep(page, registrationId, 'logo');
  await page.getByLabel('Logo file').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: LOGO_SVG });
  await expect(page.getByRole('img', { name: 'Logo preview' })).toBeVisible();
  await sendStep(page, /Sent 1 of 1 call/);

  // What Banqup (the sandbox, in the shared database) holds, asked through the proxy.
  const held = await sandboxState(page, applicationId);
  expect(held.infoLocalizations.map((l) => l.displayName)).toEqual(['Replicated app']);
  expect(held.logo).toMatchObject({ contentType: 'image/svg+xml' });

  // Each replica, asked directly, shows the saved text and the step as sent.
  for (const { name, server } of replicas) {
    const direct = await browser.newPage({ baseURL: server.baseURL });
    await openStep(direct, registrationId, 'info');
    await expect(direct.getByLabel('Display name (en-GB)'), name).toHaveValue('Replicated app');
    await expect(direct.getByRole('navigation', { name: 'Registration steps' }).getByText('Sent', { exact: true }).first(), name).toBeVisible();
    await direct.close();
  }
  await page.close();
});

test('two people on one step, each on another replica: the second is told it was saved elsewhere', async ({ browser }) => {
  test.setTimeout(90_000);
  const first = await context.newPage();
  const { registrationId } = await startDraftSafely(first, 'Two people app');
  const secondContext = await browser.newContext({ baseURL: proxy.baseURL });
  const second = await secondContext.newPage();
  try {
    const from = proxy.served.length;
    await openStep(first, registrationId, 'info');
    await openStep(second, registrationId, 'info');
    const documents = proxy.served.slice(from).filter((s) => s.kind === 'document' && s.path.endsWith('/info'));
    expect(new Set(documents.map((d) => d.replica))).toEqual(new Set(['A', 'B']));

    const field = (page: Page) => page.getByLabel('Display name (en-GB)');
    const saved = first.waitForResponse((r) => r.request().method() === 'POST' && Boolean(r.request().headers()['next-action']) && (r.request().postData() ?? '').includes('Written by the first'));
    await field(first).fill('Written by the first');
    await saved;
    await expect(first.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();

    await field(second).fill('Written by the second');
    await expect(second.getByRole('alert').filter({ hasText: 'This step was changed in another tab or by a colleague.' })).toBeVisible();
    await expect(second.getByRole('status').filter({ hasText: 'This step was saved elsewhere' })).toBeVisible();
    await expect(field(second)).toHaveValue('Written by the second');

    const fresh = await context.newPage();
    await openStep(fresh, registrationId, 'info');
    await expect(field(fresh)).toHaveValue('Written by the first');
    await fresh.close();
  } finally {
    await secondContext.close();
    await first.close();
  }
});

test('a rolling update: a replica stopped gracefully and replaced by a new deployment; old pages go on or reload', async () => {
  test.setTimeout(150_000);
  const page = await context.newPage();
  const { registrationId } = await startDraftSafely(page, 'Rolling app');

  // B stops: SIGTERM, exit 0; B2, another deployment of the same build, takes its place.
  const b = replicas[1] as Replica;
  await b.server.stop();
  expect(await b.server.exited).toEqual({ code: 0, signal: null });
  expect(b.server.log()).toMatch(/SIGTERM: stopping; \d+ requests? running/);
  const b2 = await spawnServer({ ...replicaEnv(), NEXT_DEPLOYMENT_ID: 'next-release' });
  replicas.push({ name: 'B2', server: b2 });
  proxy.replicas = [replicas[0] as Replica, { name: 'B2', server: b2 }];

  const marker = () => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
  const mark = () => page.evaluate(() => ((window as unknown as { __sameDocument?: boolean }).__sameDocument = true));

  // A page of the old deployment, then a link to another step, answered by the new one: a full reload.
  proxy.pinned = 'A';
  await openStep(page, registrationId, 'info');
  await expect(page.getByLabel('Display name (en-GB)')).toBeVisible();
  await mark();
  proxy.pinned = 'B2';
  await page.getByRole('navigation', { name: 'Registration steps' }).getByRole('link', { name: /Brand/ }).click();
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/brand$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Brand');
  expect(await marker()).toBe(false);

  // An action the new deployment has too (one key, one build): it simply runs there.
  proxy.pinned = 'A';
  await openStep(page, registrationId, 'info');
  await expect(page.getByLabel('Display name (en-GB)')).toBeVisible();
  await mark();
  proxy.pinned = 'B2';
  await page.getByLabel('Display name (en-GB)').fill('Saved across the update');
  await saveDraftNow(page);
  expect(await marker()).toBe(true);

  // An action the new deployment lacks (a page built from older code): told to reload, not
  // "Failed to find Server Action". The page's action is renamed on its way out to play it.
  await page.route('**/registrations/**', async (route) => {
    const request = route.request();
    if (request.method() !== 'POST' || !request.headers()['next-action']) return route.continue();
    await route.continue({ headers: { ...request.headers(), 'next-action': `7f${'0'.repeat(40)}` } });
  });
  // Typing autosaves: the first action out is the renamed one.
  await page.getByLabel('Display name (en-GB)').fill('Typed on an old page');
  await expect.poll(() => marker().catch(() => true), { timeout: 15_000 }).toBe(false);
  await expect(page).toHaveURL(new RegExp(`/registrations/${registrationId}/info$`));
  await page.unroute('**/registrations/**');
  expect(b2.log()).toContain('told it to reload');
  await page.close();
});
