import 'server-only';
import { NextResponse } from 'next/server';
import * as client from 'openid-client';
import { getDb } from '@/lib/db';
import { getConfig, type AppConfig } from '@/lib/env';
import { log } from '@/lib/log';
import type { AuthConfig } from './config';
import { readCookie, safeReturnTo, sessionCookie, signInCookie } from './cookies';
import type { IdentityResult } from './identity';
import { identityFromClaims } from './oidc-claims';
import { createLoginAttempt, createSession, deleteSession, findSession, LOGIN_ATTEMPT_SECONDS, SECRET_PATTERN, sha256, newSecret, takeLoginAttempt } from './sessions';
import { safeErrorCode, type SignInFailure } from './sign-in-failures';

/**
 * AUTH_MODE=oidc: the wizard signs people in itself with OpenID Connect (openid-client).
 *
 * - GET /auth/sign-in?returnTo=/path: a sign-in attempt (state, nonce, PKCE code verifier,
 *   return path) is kept in the database for 10 minutes, and the browser goes to the provider.
 *   The attempt is keyed by its state and tied to the browser by a sign-in cookie, whose hash
 *   it stores. NOTE: a database row rather than a signed or encrypted cookie: the app has no
 *   signing key of its own to share between replicas (OIDC_CLIENT_SECRET is optional, public
 *   clients have none), an attempt is used once (a replayed callback finds nothing), and the
 *   cookie holds one random value instead of the code verifier. Several tabs may sign in at
 *   once: they share the browser's sign-in cookie and each has its own state.
 * - GET /auth/callback: the attempt is taken (once) by state, the code exchanged with the code
 *   verifier, the ID token checked (issuer, audience, signature, expiry, nonce), a session
 *   made, and the browser sent back to its return path with the session cookie.
 * - POST /auth/sign-out: the session is deleted and its cookie cleared; then the provider's
 *   own sign-out (end_session_endpoint) when it has one.
 *
 * A request's identity is its session cookie, looked up in the database (one indexed query).
 */

type OidcAuth = Extract<AuthConfig, { mode: 'oidc' }>;
type OidcSettings = OidcAuth['oidc'];

/** Where the provider sends the person back: register this at the provider. */
export const callbackUrl = (appUrl: string) => `${appUrl}/auth/callback`;
/**
 * Where the provider's sign-out sends the person back: register it at the provider as a
 * post-logout redirect URI. NOTE: a page that says "signed out" rather than `/`: from `/` the
 * sign-in gate would send the person straight back to the provider, which signs them in again
 * at once when its own session outlived the sign-out (or the provider ignored it).
 */
export const signedOutUrl = (appUrl: string) => `${appUrl}/auth/signed-out`;

function oidcConfig(): { app: AppConfig; auth: OidcAuth } | undefined {
  const app = getConfig();
  return app.auth.mode === 'oidc' ? { app, auth: app.auth } : undefined;
}

const notFound = () => new NextResponse('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

// ---------------------------------------------------------------------------------------------
// The provider's configuration (discovery), once per process; retried after a failure.

let discovered: { key: string; config: Promise<client.Configuration> } | undefined;

const HTTP_TIMEOUT_SECONDS = 10;

async function discover(settings: OidcSettings): Promise<client.Configuration> {
  // http:// is accepted only for a provider on this machine (lib/auth/config.ts).
  const insecure = new URL(settings.issuer).protocol === 'http:';
  const found = await client.discovery(new URL(settings.issuer), settings.clientId, undefined, client.None(), {
    timeout: HTTP_TIMEOUT_SECONDS,
    execute: insecure ? [client.allowInsecureRequests] : [],
  });
  const server = found.serverMetadata();
  // client_secret_basic is the default of the standard; client_secret_post only for providers
  // that take nothing else. Without a secret the client is public: PKCE alone.
  const methods = server.token_endpoint_auth_methods_supported;
  const secret = settings.clientSecret;
  const auth = !secret
    ? client.None()
    : methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
      ? client.ClientSecretPost(secret)
      : client.ClientSecretBasic(secret);
  const config = new client.Configuration(server, settings.clientId, secret ? { client_secret: secret } : undefined, auth);
  if (insecure) client.allowInsecureRequests(config);
  config.timeout = HTTP_TIMEOUT_SECONDS;
  return config;
}

function providerConfig(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer}\n${settings.clientId}`;
  if (discovered?.key !== key) {
    const config = discover(settings);
    discovered = { key, config };
    config.catch(() => {
      if (discovered?.config === config) discovered = undefined;
    });
  }
  return discovered.config;
}

/** What an openid-client error may say in the log (never the request it made: it may hold the secret). */
function describe(error: unknown): Record<string, unknown> {
  if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError) {
    return { error: error.error, description: error.error_description, status: (error as { status?: number }).status };
  }
  if (error instanceof Error) return { code: (error as { code?: unknown }).code, message: error.message.slice(0, 300) };
  return { message: String(error).slice(0, 300) };
}

// ---------------------------------------------------------------------------------------------
// Who is asking.

export async function oidcIdentity(headers: Pick<Headers, 'get'>): Promise<IdentityResult> {
  const oidc = oidcConfig();
  if (!oidc) return { ok: false, status: 401, reason: 'AUTH_MODE is not oidc.' };
  const cookie = sessionCookie(oidc.app.appUrl, oidc.auth.oidc.sessionHours);
  const sessionId = readCookie(headers.get('cookie'), cookie.name);
  if (!sessionId) return { ok: false, status: 401, reason: 'Not signed in: sign in with your organisation’s account.', signIn: true };
  const session = await findSession(await getDb(), sessionId);
  if (!session) return { ok: false, status: 401, reason: 'Your session has ended (signed out, expired, or unknown): sign in again.', signIn: true };
  return {
    ok: true,
    identity: {
      id: session.id,
      name: session.name,
      email: session.email,
      groups: session.groups,
      source: 'oidc',
      detail: `OIDC session (issuer ${session.issuer}), signed in ${session.createdAt.toISOString()}, until ${session.expiresAt.toISOString()}`,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The routes.

function redirect(url: string): NextResponse {
  const response = NextResponse.redirect(url, 303);
  response.headers.set('cache-control', 'no-store');
  return response;
}

function failure(appUrl: string, reason: SignInFailure, error?: string, returnTo?: string): NextResponse {
  const url = new URL(`${appUrl}/auth/error`);
  url.searchParams.set('reason', reason);
  if (error) url.searchParams.set('error', error);
  // "Sign in again" goes back to the page the person asked for, when the attempt said which.
  if (returnTo && returnTo !== '/') url.searchParams.set('returnTo', returnTo);
  return redirect(url.href);
}

function requestHost(request: Request): string | null {
  return request.headers.get('x-forwarded-host') ?? request.headers.get('host');
}

/** GET /auth/sign-in?returnTo=/path */
export async function signIn(request: Request): Promise<Response> {
  const oidc = oidcConfig();
  if (!oidc) return notFound();
  const { appUrl } = oidc.app;
  const settings = oidc.auth.oidc;
  const url = new URL(request.url);
  const returnTo = safeReturnTo(url.searchParams.get('returnTo'));

  // The sign-in cookie must be set on the host the provider sends the person back to
  // (APP_URL's): a sign-in started under another name (localhost for 127.0.0.1, an internal
  // name) moves there first, once.
  const appHost = new URL(appUrl).host;
  if (requestHost(request) !== appHost && !url.searchParams.has('moved')) {
    const moved = new URL(`${appUrl}/auth/sign-in`);
    moved.searchParams.set('returnTo', returnTo);
    moved.searchParams.set('moved', '1');
    return redirect(moved.href);
  }

  const db = await getDb();
  const session = sessionCookie(appUrl, settings.sessionHours);
  if (await findSession(db, readCookie(request.headers.get('cookie'), session.name))) return redirect(`${appUrl}${returnTo}`);

  let config: client.Configuration;
  try {
    config = await providerConfig(settings);
  } catch (error) {
    log.error('oidc: the provider\'s configuration could not be read', { issuer: settings.issuer, ...describe(error) });
    return failure(appUrl, 'unavailable');
  }

  const browserCookie = signInCookie(appUrl, LOGIN_ATTEMPT_SECONDS);
  const existing = readCookie(request.headers.get('cookie'), browserCookie.name);
  const browserId = existing && SECRET_PATTERN.test(existing) ? existing : newSecret();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await createLoginAttempt(db, { state, browserId, nonce, codeVerifier, returnTo });
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(appUrl),
    scope: settings.scopes,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  const response = redirect(authorizationUrl.href);
  response.cookies.set(browserCookie.name, browserId, browserCookie.options);
  return response;
}

/** Whether the ID token's claims already say all the wizard needs (else it asks userinfo). */
function claimsComplete(claims: Record<string, unknown>, groupsClaim: string): boolean {
  const topLevel = groupsClaim.split('.')[0] ?? groupsClaim;
  return typeof claims.email === 'string' && (groupsClaim in claims || topLevel in claims);
}

/** GET /auth/callback?code=…&state=… (or ?error=…&state=…) */
export async function callback(request: Request): Promise<Response> {
  const oidc = oidcConfig();
  if (!oidc) return notFound();
  const { appUrl } = oidc.app;
  const settings = oidc.auth.oidc;
  const url = new URL(request.url);
  const state = url.searchParams.get('state');
  const providerError = url.searchParams.get('error');
  if (!state) return failure(appUrl, providerError ? 'provider' : 'invalid', safeErrorCode(providerError));

  const db = await getDb();
  const taken = await takeLoginAttempt(db, state);
  if (!taken || taken.expired) return failure(appUrl, 'expired');
  const { attempt } = taken;
  const browserId = readCookie(request.headers.get('cookie'), signInCookie(appUrl, LOGIN_ATTEMPT_SECONDS).name);
  if (!browserId || sha256(browserId) !== attempt.browserHash) return failure(appUrl, 'other-browser');
  const fail = (reason: SignInFailure, error?: string) => failure(appUrl, reason, error, attempt.returnTo);
  if (providerError) {
    log.warn('oidc: the provider refused the sign-in', { error: safeErrorCode(providerError), description: url.searchParams.get('error_description')?.slice(0, 300) });
    return fail('provider', safeErrorCode(providerError));
  }
  if (!url.searchParams.get('code')) return fail('invalid');

  let config: client.Configuration;
  try {
    config = await providerConfig(settings);
  } catch (error) {
    log.error('oidc: the provider\'s configuration could not be read', { issuer: settings.issuer, ...describe(error) });
    return fail('unavailable');
  }

  // The address the provider sent the browser to, as the provider knows it (behind a proxy,
  // request.url names the server's own address): the redirect_uri of the code exchange.
  const currentUrl = new URL(`${callbackUrl(appUrl)}${url.search}`);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (error instanceof client.AuthorizationResponseError) {
      log.warn('oidc: the provider refused the sign-in', describe(error));
      return fail('provider', safeErrorCode(error.error));
    }
    log.warn('oidc: the sign-in could not be completed (code exchange or ID token check)', describe(error));
    return fail('rejected');
  }

  const idClaims = tokens.claims();
  if (!idClaims) return fail('rejected');
  let claims: Record<string, unknown> = { ...idClaims };
  // Many providers put e-mail and groups in the ID token; others (oidc-provider, Authelia,
  // some Keycloak mappers) only answer them at userinfo.
  if (!claimsComplete(claims, settings.groupsClaim) && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
    try {
      claims = { ...claims, ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)) };
    } catch (error) {
      // With the ID token's e-mail the person is who they always are, perhaps with fewer groups
      // (fewer rights, never more). Without it they would get another id (their sub): no sign-in.
      const usable = typeof claims.email === 'string';
      log.warn(`oidc: the userinfo endpoint did not answer; ${usable ? 'signed in with the ID token\'s claims only' : 'sign-in refused (no e-mail without it)'}`, describe(error));
      if (!usable) return fail('identity');
    }
  }
  const person = identityFromClaims(claims, { issuer: settings.issuer, groupsClaim: settings.groupsClaim });
  if (!person.ok) {
    log.warn(`oidc: ${person.reason}`);
    return fail('identity');
  }

  const { sessionId } = await createSession(db, person.identity, { lifetimeSeconds: settings.sessionHours * 3600, idToken: tokens.id_token });
  log.info('oidc: signed in', { user: person.identity.id, groups: person.identity.groups.length });
  const response = redirect(`${appUrl}${safeReturnTo(attempt.returnTo)}`);
  const cookie = sessionCookie(appUrl, settings.sessionHours);
  response.cookies.set(cookie.name, sessionId, cookie.options);
  return response;
}

/**
 * Whether a form POST comes from this app's own pages: Sec-Fetch-Site when the browser sends
 * it, else Origin against APP_URL or the Host. A browser always sends one of them with a form
 * POST; a request with neither is refused. (lib/uploads/request.ts's sameOriginRequest also
 * wants a custom header, which a plain form cannot send.)
 */
export function sameOriginForm(request: Request, appUrl: string): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = request.headers.get('origin');
  if (!origin || !URL.canParse(origin)) return false;
  const { host } = new URL(origin);
  return new URL(origin).origin === new URL(appUrl).origin || host === requestHost(request);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The page that takes the browser on to the provider's sign-out. NOTE: not a redirect: the
 * pages' Content-Security-Policy says `form-action 'self'`, and Chromium applies it to every
 * redirect that follows a form's POST, so a 303 to the provider would be blocked. A refresh
 * from a page of its own is a new navigation, which form-action does not govern.
 */
function continueTo(url: URL): NextResponse {
  const href = escapeHtml(url.href);
  const host = escapeHtml(url.host);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Signing out · Banqup Store wizard</title></head>
<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">
<h1 style="font-size:1.25rem">You are signed out of the wizard</h1>
<p>Signing you out at ${host} too… <a href="${href}">Continue to ${host}</a></p>
</body></html>`;
  return new NextResponse(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

/** POST /auth/sign-out */
export async function signOut(request: Request): Promise<Response> {
  const oidc = oidcConfig();
  if (!oidc) return notFound();
  const { appUrl } = oidc.app;
  const settings = oidc.auth.oidc;
  if (!sameOriginForm(request, appUrl)) {
    return new NextResponse('403 Forbidden: sign out from the wizard’s own pages.\n', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const cookie = sessionCookie(appUrl, settings.sessionHours);
  const ended = await deleteSession(await getDb(), readCookie(request.headers.get('cookie'), cookie.name));

  let endSession: URL | undefined;
  try {
    const config = await providerConfig(settings);
    if (config.serverMetadata().end_session_endpoint) {
      endSession = client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: signedOutUrl(appUrl),
        ...(ended?.idToken ? { id_token_hint: ended.idToken } : {}),
      });
    }
  } catch (error) {
    log.warn('oidc: the provider\'s configuration could not be read; signed out of the wizard only', describe(error));
  }
  const response = endSession ? continueTo(endSession) : redirect(signedOutUrl(appUrl));
  // Cleared with the attributes it was set with (a __Host- cookie must be Secure to be replaced).
  response.cookies.set(cookie.name, '', { ...cookie.options, maxAge: 0 });
  return response;
}
