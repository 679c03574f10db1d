import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { rawRequest, startAuthProxy, TRUSTED_PROXY_ADDRESS, type Person } from './support/auth-proxy';
import { spawnServer, type SpawnedServer } from './support/spawn-server';
import { makePng } from './support/images';
import { sendButton, sendStep, startWithDraft } from './support/wizard';

/**
 * AUTH_MODE=proxy, behind an oauth2-proxy stand-in (e2e/support/auth-proxy.ts): who gets in,
 * what each role may do (checked by the server, not only hidden), four eyes, and step 10.
 */

const PEOPLE: Record<string, Person> = {
  ed: { email: 'ed@corp.example', name: 'Ed Editor', groups: ['store-editors'] },
  rita: { email: 'rita@corp.example', name: 'Rita Reviewer', groups: ['store-reviewers'] },
  carl: { email: 'carl@corp.example', name: 'Carl Both', groups: ['store-editors', 'store-reviewers'] },
  ada: { email: 'ada@corp.example', name: 'Ada Admin', groups: [] },
  nora: { email: 'nora@corp.example', name: 'Nora Nobody', groups: ['visitors'] },
};

let server: SpawnedServer;
let proxy: Awaited<ReturnType<typeof startAuthProxy>>;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  server = await spawnServer({
    AUTH_MODE: 'proxy',
    AUTH_PROXY_PRESET: 'oauth2-proxy',
    TRUSTED_PROXIES: `${TRUSTED_PROXY_ADDRESS}/32`,
    ROLE_EDITORS: 'group:store-editors,ada@corp.example',
    ROLE_REVIEWERS: 'group:store-reviewers',
    ROLE_ADMINS: 'ada@corp.example',
    UPLOADS_PER_MINUTE: '10000',
  });
  proxy = await startAuthProxy(server.baseURL, PEOPLE);
});

test.afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

async function as(browser: Browser, who: keyof typeof PEOPLE | undefined): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: proxy.url });
  if (who) await context.addCookies([{ name: 'who', value: who, url: proxy.url }]);
  return { context, page: await context.newPage() };
}

const becomes = (context: BrowserContext, who: keyof typeof PEOPLE) => context.addCookies([{ name: 'who', value: who, url: proxy.url }]);

test('nobody without an identity gets in: not from elsewhere, not without the header, not with it twice', async ({ browser }) => {
  // Straight to the app, past the proxy: the identity header is not believed.
  const direct = await rawRequest(server.baseURL, ['GET / HTTP/1.1', 'X-Forwarded-Email: ada@corp.example', 'Accept: text/html']);
  expect(direct.status).toBe(401);
  expect(direct.body).toContain('which is not a trusted proxy');
  // A server action posted straight to the app: refused before any action runs.
  const action = await rawRequest(server.baseURL, ['POST / HTTP/1.1', `Next-Action: ${'a'.repeat(42)}`, 'X-Forwarded-Email: ada@corp.example', 'Content-Type: text/plain;charset=UTF-8'], '127.0.0.1', '[]');
  expect(action.status).toBe(401);
  // From the proxy's address, but no identity.
  const anonymous = await rawRequest(server.baseURL, ['GET / HTTP/1.1'], TRUSTED_PROXY_ADDRESS);
  expect(anonymous.status).toBe(401);
  expect(anonymous.body).toContain('The proxy sent no identity');
  // The header twice: someone added their own copy beside the proxy's.
  const doubled = await rawRequest(server.baseURL, ['GET / HTTP/1.1', 'X-Forwarded-Email: rita@corp.example', 'X-Forwarded-Email: ada@corp.example'], TRUSTED_PROXY_ADDRESS);
  expect(doubled.status).toBe(401);
  expect(doubled.body).toContain('x-forwarded-email arrived more than once');
  // Health stays open for the orchestrator.
  expect((await rawRequest(server.baseURL, ['GET /api/health HTTP/1.1'])).status).toBe(200);

  // In a browser, through the proxy: no cookie, no identity; a person without a role.
  const nobody = await as(browser, undefined);
  expect((await nobody.page.goto('/'))?.status()).toBe(401);
  await expect(nobody.page.getByRole('heading', { name: 'Not signed in' })).toBeVisible();
  await nobody.context.close();
  const nora = await as(browser, 'nora');
  expect((await nora.page.goto('/'))?.status()).toBe(403);
  await expect(nora.page.getByText('You are signed in as Nora Nobody (groups: visitors)')).toBeVisible();
  const whoami = (await (await nora.page.request.get('/api/whoami')).json()) as { user: { id: string; groups: string[]; roles: string[] } };
  expect(whoami.user).toMatchObject({ id: 'nora@corp.example', groups: ['visitors'], roles: [] });
  await nora.context.close();
});

test('each role does its part, and the server refuses the rest', async ({ browser }) => {
  test.setTimeout(180_000);
  const ed = await as(browser, 'ed');
  await ed.page.goto('/');
  await expect(ed.page.getByTestId('signed-in-as')).toHaveText('Ed Editor');
  const { registrationId } = await startWithDraft(ed.page, 'Team app');
  await ed.page.goto(`/registrations/${registrationId}/brand`);
  await ed.page.getByRole('radio', { name: /^Banqup/ }).check();
  await sendStep(ed.page);

  // A reviewer reads a step but cannot change or send it: the form is closed, and the server
  // refuses the send even from a page that offered it (Ed's page, now with Rita's identity).
  const rita = await as(browser, 'rita');
  await rita.page.goto(`/registrations/${registrationId}/brand`);
  await expect(rita.page.getByText('only editors change this registration and send it to Banqup')).toBeVisible();
  await expect(rita.page.getByRole('radio', { name: /^Banqup/ })).toBeDisabled();
  // An upload is an editor's too: the upload route checks it itself (proxy.ts does not see it).
  const upload = await rita.page.request.post(`/api/registrations/${registrationId}/assets?kind=logo`, {
    headers: { origin: proxy.url, 'content-type': 'image/png', 'x-file-name': 'logo.png', 'x-requested-with': 'banqup-wizard' },
    data: makePng(256, 256, [10, 20, 30]),
  });
  expect(upload.status()).toBe(403);
  expect(((await upload.json()) as { message: string }).message).toContain('who is not an editor here');
  // Ed's page is step 8 now (Send and continue): a country ticked and saved, ready to send.
  await expect(ed.page).toHaveURL(new RegExp(`/registrations/${registrationId}/locations$`));
  await ed.page.getByLabel('Search countries').fill('Belg');
  await ed.page.getByRole('checkbox', { name: 'Belgium BE' }).check();
  await expect(ed.page.getByRole('status').filter({ hasText: /^Draft saved at / })).toBeVisible();
  await becomes(ed.context, 'rita');
  await sendButton(ed.page).click();
  await expect(ed.page.getByText('Signed in as Rita Reviewer, who is not an editor here').first()).toBeVisible();
  await becomes(ed.context, 'ed');

  // An editor cannot sign off: no panel, and the server refuses it from a page that had one.
  await ed.page.goto(`/registrations/${registrationId}/summary`);
  await expect(ed.page.getByText('Reviewers sign off here.')).toBeVisible();
  await expect(ed.page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await rita.page.goto(`/registrations/${registrationId}/summary`);
  await becomes(rita.context, 'ed');
  await rita.page.getByRole('button', { name: 'Approve' }).click();
  await expect(rita.page.getByText('Signed in as Ed Editor, who is not a reviewer here').first()).toBeVisible();
  await becomes(rita.context, 'rita');

  // The sign-off names the signed-in reviewer: no name is typed.
  await rita.page.reload();
  await expect(rita.page.getByLabel('Your name')).toHaveCount(0);
  await rita.page.getByRole('button', { name: 'Approve' }).click();
  await expect(rita.page.getByRole('list', { name: 'Sign-offs' })).toContainText('Rita Reviewer (signed in)');

  // Four eyes: Carl (editor and reviewer) changes the brand after Rita's approval; his own
  // approval is refused by the server (from a summary drawn before his change), then not offered.
  const carl = await as(browser, 'carl');
  await carl.page.goto(`/registrations/${registrationId}/summary`);
  await expect(carl.page.getByRole('button', { name: 'Approve' })).toBeEnabled();
  const carlsStep = await carl.context.newPage();
  await carlsStep.goto(`/registrations/${registrationId}/brand`);
  await carlsStep.getByRole('radio', { name: /^ALL/ }).check();
  await expect(carlsStep.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
  await carl.page.getByRole('button', { name: 'Approve' }).click();
  await expect(carl.page.getByText('You changed this registration since the last approval (step 7').first()).toBeVisible();
  await carl.page.reload();
  await expect(carl.page.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await expect(carl.page.getByRole('list', { name: 'Sign-offs' }).getByRole('listitem')).toHaveCount(1);
  // Rita, who changed nothing, approves the registration as it is now.
  await rita.page.reload();
  await rita.page.getByRole('button', { name: 'Approve' }).click();
  await expect(rita.page.getByRole('list', { name: 'Sign-offs' }).getByRole('listitem')).toHaveCount(2);

  // Step 10: only the admin records Banqup's decision, after seeing what is not ready; the
  // blockers take a written reason, kept in the history with the admin's name.
  await rita.page.goto(`/registrations/${registrationId}/approval`);
  await expect(rita.page.getByText('Only an admin records Banqup’s decision here.')).toBeVisible();
  const ada = await as(browser, 'ada');
  await ada.page.goto(`/registrations/${registrationId}/approval`);
  await ada.page.getByRole('button', { name: 'Record as submitted for approval (today)…' }).click();
  const confirm = ada.page.getByRole('group', { name: 'Record this registration as submitted for approval?' });
  await expect(confirm.getByRole('list', { name: 'Not ready' })).toContainText('Blocker:');
  await confirm.getByRole('button', { name: 'Record as submitted for approval despite the blockers' }).click();
  await expect(confirm.getByRole('alert')).toContainText('takes a written reason');
  await confirm.getByLabel('Why record it anyway?').fill('Banqup asked us to submit today; the logo follows by e-mail.');
  await confirm.getByRole('button', { name: 'Record as submitted for approval despite the blockers' }).click();
  await expect(ada.page.getByText('Status: Submitted for approval')).toBeVisible();
  await ada.page.goto(`/registrations/${registrationId}/summary`);
  const history = ada.page.getByRole('list', { name: 'Status history' });
  await expect(history).toContainText('Submitted for approval by Ada Admin — Recorded despite:');
  await expect(history).toContainText('Reason: Banqup asked us to submit today; the logo follows by e-mail.');
  // The journal names who made each call.
  await ada.page.getByText(/^Show the journal: \d+ calls?$/).click();
  await expect(ada.page.getByRole('list', { name: 'API calls' })).toContainText('by Ed Editor');

  // Editing the submitted registration warns first; the first change sends it back to in progress.
  await ed.page.goto(`/registrations/${registrationId}/brand`);
  await expect(ed.page.getByRole('note', { name: 'This registration is with Banqup' })).toBeVisible();
  await expect(ed.page.getByRole('radio', { name: /^Banqup/ })).toBeDisabled();
  await ed.page.getByRole('button', { name: 'Change it anyway' }).click();
  await ed.page.getByRole('radio', { name: /^Banqup/ }).check();
  await expect(ed.page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
  await ed.page.goto(`/registrations/${registrationId}/approval`);
  await expect(ed.page.getByText('Status: In progress')).toBeVisible();
  await ed.page.goto(`/registrations/${registrationId}/summary`);
  await expect(ed.page.getByRole('list', { name: 'Status history' })).toContainText('In progress by Ed Editor — Step 7 changed after the registration was submitted for approval');

  for (const person of [ed, rita, carl, ada]) await person.context.close();
});
