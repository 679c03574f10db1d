/**
 * The cookies of AUTH_MODE=oidc and the return address of a sign-in: plain functions of the
 * app's URL, shared by the routes, oidcIdentity and their tests.
 *
 * Both cookies are HttpOnly (no script reads them), SameSite=Lax (sent when the provider sends
 * the person back with a top-level GET, never with a cross-site POST or subresource) and
 * Path=/. On https they are Secure and carry the `__Host-` prefix, which makes the browser
 * refuse them unless they are Secure, host-only and Path=/: a sibling subdomain cannot plant
 * or overwrite them.
 *
 * NOTE: on http (accepted only for a loopback APP_URL, see lib/auth/config.ts) they are plain
 * cookies without Secure. Chromium and Firefox do accept a Secure cookie from
 * http://127.0.0.1 and http://localhost (checked with Chromium 156), but Safari drops it
 * (WebKit bug 281149): a Secure cookie there would sign nobody in on a Mac. On loopback the
 * cookie never crosses a network, so Secure would protect nothing.
 */

export type CookieSpec = {
  name: string;
  options: { httpOnly: true; sameSite: 'lax'; path: '/'; secure: boolean; maxAge: number };
};

const secureApp = (appUrl: string) => new URL(appUrl).protocol === 'https:';

function spec(appUrl: string, baseName: string, maxAge: number): CookieSpec {
  const secure = secureApp(appUrl);
  return { name: secure ? `__Host-${baseName}` : baseName, options: { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge } };
}

/** The session cookie: as long-lived as the session itself. */
export const sessionCookie = (appUrl: string, sessionHours: number) => spec(appUrl, 'wizard-session', sessionHours * 3600);

/**
 * The sign-in cookie: ties a sign-in attempt to the browser that started it, so that a link to
 * the callback made by someone else (with their own code) signs nobody in as them.
 */
export const signInCookie = (appUrl: string, seconds: number) => spec(appUrl, 'wizard-sign-in', seconds);

/** The value of cookie `name` in a Cookie header (the first one, as browsers send the most specific first). */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

const MAX_RETURN_TO = 2000;

/**
 * Where to go after signing in: a path of this app, or `/`. Accepted only as a relative path
 * starting with one `/`: not `//host` or `/\host` (both mean another host to a browser), no
 * backslash or control character anywhere, and not back into /auth/ (a sign-in loop).
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > MAX_RETURN_TO) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  const base = 'http://return-to.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  // `/.//host` normalises to `//host`: checked again after the parser's dot-segment removal.
  if (url.origin !== base || url.pathname.startsWith('//')) return '/';
  if (url.pathname === '/auth' || url.pathname.startsWith('/auth/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
