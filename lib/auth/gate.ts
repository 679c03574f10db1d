import { getConfig } from '@/lib/env';
import { identify } from './identify';

/**
 * The door of every request (proxy.ts): nobody without an identity gets past it, and a person
 * with no role at all sees why. What each role may do is checked again where it acts (server
 * actions, routes, pages: lib/auth/current.ts `authorize`).
 *
 * Open without an identity:
 * - /api/health and /api/ready (orchestrators), /_next/static (the build's own files);
 * - /sandbox (the built-in stand-in for Banqup: called by this server with its own bearer token);
 * - /review/<token> (review links for people outside the team: the token is the permission);
 * - /api/assets/<uuid> (uploaded images, shown on review pages: a random id nobody can guess);
 * - /auth/* (OpenID Connect sign-in and sign-out) and /api/whoami (what the app received about
 *   the person asking, or why it sees nobody: to debug a proxy set-up; it answers 401 itself).
 */

const OPEN_PREFIXES = ['/_next/static/', '/sandbox/', '/review/', '/api/assets/', '/auth/'];
const OPEN_PATHS = new Set(['/api/health', '/api/ready', '/api/whoami', '/sandbox', '/favicon.ico', '/icon.svg']);

export function isOpenPath(path: string): boolean {
  return OPEN_PATHS.has(path) || OPEN_PREFIXES.some((prefix) => path.startsWith(prefix));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small page that says why, for people; plain text for scripts and server actions. */
function refusal(status: 401 | 403, title: string, reason: string, request: Request, hint: string): Response {
  const wantsHtml = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
  const headers = { 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" };
  if (!wantsHtml) {
    return new Response(`${status} ${title}: ${reason}\n`, { status, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
  }
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Banqup Store wizard</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#0f172a">
<h1 style="font-size:1.5rem">${escapeHtml(title)}</h1>
<p>${escapeHtml(reason)}</p>
<p style="color:#475569">${escapeHtml(hint)}</p>
</body></html>`;
  return new Response(html, { status, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}

/** A browser's own navigation to a page, not a script's fetch or the client router's (pre)fetch. */
export function isNavigation(request: Request): boolean {
  const headers = request.headers;
  if (headers.has('rsc') || headers.has('next-router-prefetch') || headers.get('sec-purpose')?.includes('prefetch')) return false;
  const mode = headers.get('sec-fetch-mode');
  return mode ? mode === 'navigate' : (headers.get('accept') ?? '').includes('text/html');
}

/** Refuses a request without an identity (401) or without any role (403); undefined lets it in. */
export async function gate(request: Request, path: string): Promise<Response | undefined> {
  if (isOpenPath(path)) return undefined;
  const result = await identify(request.headers);
  if (!result.ok) {
    const auth = getConfig().auth;
    // A page navigation goes to the sign-in; a server action (POST) or an API call gets 401: a
    // redirect there would be blocked (CSP form-action) or not followed across origins. So does
    // the client router's fetch or prefetch of a page (RSC): followed by fetch(), the redirect
    // would start a sign-in in the background, racing the person's own.
    if (result.signIn && auth.mode === 'oidc' && (request.method === 'GET' || request.method === 'HEAD') && !path.startsWith('/api/') && isNavigation(request)) {
      const url = new URL(request.url);
      const target = new URL('/auth/sign-in', getConfig().appUrl);
      target.searchParams.set('returnTo', `${path}${url.search}`);
      return new Response(null, { status: 303, headers: { location: target.toString(), 'cache-control': 'no-store' } });
    }
    const hint =
      auth.mode === 'proxy'
        ? 'This wizard is run behind a sign-in proxy: open it through the address your team uses, or ask whoever runs it.'
        : auth.mode === 'oidc'
          ? 'Sign in again: open the wizard’s home page.'
          : 'Open the wizard on this machine (http://127.0.0.1), or ask whoever runs it to set AUTH_MODE.';
    return refusal(401, 'Not signed in', result.reason, request, hint);
  }
  if (result.user.roles.length === 0) {
    return refusal(
      403,
      'No role here',
      `You are signed in as ${result.user.name}${result.user.groups.length ? ` (groups: ${result.user.groups.join(', ')})` : ''}, who is not an editor, reviewer or admin of this wizard.`,
      request,
      'Ask an admin to add you to ROLE_EDITORS, ROLE_REVIEWERS or ROLE_ADMINS. /api/whoami shows what the app received.',
    );
  }
  return undefined;
}
