import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { startProvider, type TestProvider } from './support/oidc-provider';
import { freePort, spawnServer, type SpawnedServer } from './support/spawn-server';

/**
 * AUTH_MODE=oidc against a real OpenID provider (oidc-provider, e2e/support/oidc-provider.ts)
 * on localhost, with a server of the test's own on 127.0.0.1 whose APP_URL it knows before
 * the start (the provider must know the redirect URI).
 *
 * Tests tagged @gate need the sign-in gate in proxy.ts (an unauthenticated request goes to
 * /auth/sign-in?returnTo=<path>) and the layout's Sign out button; the others reach the
 * routes directly.
 */

test.describe.configure({ mode: 'serial' });

let app: SpawnedServer;
let op: TestProvider;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  op = await startProvider({ appUrl });
  app = await spawnServer(
    {
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: op.clientId,
      OIDC_CLIENT_SECRET: op.clientSecret,
      APP_URL: appUrl,
      ROLE_REVIEWERS: 'group:store-reviewers',
      ROLE_ADMINS: 'group:store-admins',
      // Every line, info included: the secret must be in none of them.
      LOG_LEVEL: 'debug',
    },
    { port },
  );
});

test.afterAll(async () => {
  await app?.stop();
  await op?.stop();
});

const loginForm = () => new RegExp(`^${op.issuer}/interaction/`);

async function signInAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(loginForm());
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password will do');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

async function signIn(page: Page, login: string, returnTo = '/settings') {
  await page.goto(`${app.baseURL}/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await signInAtProvider(page, login);
  await expect(page).toHaveURL(`${app.baseURL}${returnTo}`);
}

async function whoami(request: APIRequestContext) {
  const response = await request.get(`${app.baseURL}/api/whoami`);
  return { status: response.status(), body: (await response.json()) as { ok: boolean; user?: Record<string, unknown>; signIn?: boolean } };
}

/** What the Sign out button does: a form POST from one of the app's pages. */
async function submitSignOut(page: Page) {
  await page.evaluate(() => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/auth/sign-out';
    document.body.append(form);
    form.submit();
  });
}

async function contextWithCookie(browser: Browser, value: string) {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'wizard-session', value, url: app.baseURL }]);
  return context;
}

test('signing in returns to the page asked for, and the session survives a reload', async ({ page, context }) => {
  await signIn(page, 'rita', '/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Connection' })).toBeVisible();
  // The Connection page's "Who you are here" shows what the app received and the roles that follow.
  await expect(page.getByRole('region', { name: 'Who you are here' })).toContainText('store-reviewers');
  await expect(page.getByRole('region', { name: 'Who you are here' })).toContainText('ROLE_REVIEWERS: group:store-reviewers');
  await page.reload();
  await expect(page).toHaveURL(`${app.baseURL}/settings`);

  const me = await whoami(page.request);
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({
    ok: true,
    mode: 'oidc',
    user: { id: 'rita@example.com', name: 'Rita Reviewer', email: 'rita@example.com', groups: ['store-reviewers'], roles: ['editor', 'reviewer'], source: 'oidc' },
  });

  const session = (await context.cookies(app.baseURL)).find((cookie) => cookie.name === 'wizard-session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
  expect(session?.expires ?? 0).toBeGreaterThan(Date.now() / 1000 + 11 * 3600);
});

test('roles follow the groups claim', async ({ browser }) => {
  for (const [login, groups, roles] of [
    ['ed', [], ['editor']],
    ['ada', ['store-admins', 'store-reviewers'], ['editor', 'reviewer', 'admin']],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, login, '/');
    expect((await whoami(page.request)).body.user).toMatchObject({ id: `${login}@example.com`, groups, roles, source: 'oidc' });
    await context.close();
  }
});

test('sign-out ends the session, also for its cookie replayed elsewhere', async ({ page, context, browser }) => {
  await signIn(page, 'rita', '/settings');
  const cookie = (await context.cookies(app.baseURL)).find((c) => c.name === 'wizard-session');
  expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // A POST from another site does not sign anyone out.
  const forged = await page.request.post(`${app.baseURL}/auth/sign-out`, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
  expect((await whoami(page.request)).status).toBe(200);

  await submitSignOut(page);
  // The wizard's session ends at once; then the provider's sign-out, which comes back.
  await expect(page.getByRole('button', { name: 'Yes, sign me out' })).toBeVisible();
  expect((await whoami(page.request)).status).toBe(401);
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(page).toHaveURL(`${app.baseURL}/auth/signed-out`);
  await expect(page.getByRole('heading', { name: 'You are signed out' })).toBeVisible();
  expect((await context.cookies(app.baseURL)).some((c) => c.name === 'wizard-session')).toBe(false);

  const replay = await contextWithCookie(browser, cookie?.value ?? '');
  const replayed = await whoami(replay.request);
  expect(replayed.status).toBe(401);
  expect(replayed.body).toMatchObject({ ok: false, signIn: true });
  await replay.close();

  // Signing in again asks the provider for a login (its session ended too).
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await expect(page).toHaveURL(loginForm());
});

test('a tampered or unknown session cookie is no session', async ({ page, browser }) => {
  await signIn(page, 'rita', '/');
  const real = (await page.context().cookies(app.baseURL)).find((c) => c.name === 'wizard-session')?.value ?? '';
  const tampered = `${real.slice(0, -1)}${real.endsWith('A') ? 'B' : 'A'}`;
  for (const value of [tampered, 'A'.repeat(43), 'not-a-session', "x' OR '1'='1"]) {
    const context = await contextWithCookie(browser, value);
    const me = await whoami(context.request);
    expect(me.status, value).toBe(401);
    expect(me.body).toMatchObject({ ok: false, signIn: true });
    await context.close();
  }
});

test('a sign-in that fails says what happened and offers to sign in again', async ({ page }) => {
  // An answer for a sign-in nobody started (or one already used).
  await page.goto(`${app.baseURL}/auth/callback?code=made-up&state=made-up`);
  await expect(page).toHaveURL(new RegExp(`^${app.baseURL}/auth/error\\?reason=expired`));
  await expect(page.getByRole('heading', { name: 'This sign-in has expired' })).toBeVisible();

  // The person cancels at the provider.
  await page.goto(`${app.baseURL}/auth/sign-in?returnTo=/settings`);
  await expect(page).toHaveURL(loginForm());
  await page.getByRole('link', { name: '[ Cancel ]' }).click();
  await expect(page.getByRole('heading', { name: 'The sign-in provider did not sign you in' })).toBeVisible();
  await expect(page.getByText('access_denied')).toBeVisible();
  await page.getByRole('link', { name: 'Sign in again' }).click();
  await signInAtProvider(page, 'rita');
  await expect(page).toHaveURL(`${app.baseURL}/settings`);
});

test('the answer to a sign-in started in one browser signs nobody in in another', async ({ page, browser }) => {
  // Someone starts a sign-in and signs in at the provider, but keeps the way back to the
  // wizard instead of following it (the login form posted by hand, redirects read one by one).
  await page.goto(`${app.baseURL}/auth/sign-in?returnTo=/`);
  await expect(page).toHaveURL(loginForm());
  const action = new URL((await page.locator('form').first().getAttribute('action')) ?? '', page.url()).href;
  let response = await page.request.post(action, { form: { prompt: 'login', login: 'ed', password: 'x' }, maxRedirects: 0 });
  let location = '';
  for (let hop = 0; hop < 5 && !location.startsWith(`${app.baseURL}/auth/callback`); hop++) {
    location = new URL(response.headers().location ?? '', location || action).href;
    if (!location.startsWith(`${app.baseURL}/auth/callback`)) response = await page.request.get(location, { maxRedirects: 0 });
  }
  expect(location).toContain('code=');

  // ...and has another browser follow it: it is refused, and the attempt is used up.
  const victim = await browser.newContext();
  const victimPage = await victim.newPage();
  await victimPage.goto(location);
  await expect(victimPage.getByRole('heading', { name: 'This sign-in was started somewhere else' })).toBeVisible();
  expect((await whoami(victimPage.request)).status).toBe(401);
  await victim.close();

  await page.goto(location);
  await expect(page.getByRole('heading', { name: 'This sign-in has expired' })).toBeVisible();
});

test('the client secret appears in no log line', async () => {
  expect(app.log()).toContain('oidc: signed in');
  expect(app.log()).not.toContain(op.clientSecret);
});

test.describe('with the sign-in gate (proxy.ts) and the layout’s Sign out button', { tag: '@gate' }, () => {
  test('an anonymous visit ends on the provider’s login, and signing in returns to the page asked for', async ({ page }) => {
    await page.goto(`${app.baseURL}/`);
    await expect(page).toHaveURL(loginForm());

    await page.goto(`${app.baseURL}/settings`);
    await signInAtProvider(page, 'rita');
    await expect(page).toHaveURL(`${app.baseURL}/settings`);
    await page.reload();
    await expect(page).toHaveURL(`${app.baseURL}/settings`);
  });

  test('after signing out, or with a tampered cookie, the pages send to sign-in', async ({ page, browser }) => {
    await signIn(page, 'rita', '/settings');
    const value = (await page.context().cookies(app.baseURL)).find((c) => c.name === 'wizard-session')?.value ?? '';
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(`${app.baseURL}/auth/signed-out`);

    for (const cookie of [value, `${value.slice(0, -1)}${value.endsWith('A') ? 'B' : 'A'}`]) {
      const context = await contextWithCookie(browser, cookie);
      const other = await context.newPage();
      await other.goto(`${app.baseURL}/settings`);
      await expect(other).toHaveURL(loginForm());
      await context.close();
    }
  });
});
