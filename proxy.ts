import { NextResponse, type NextRequest } from 'next/server';
import { hostPolicy, isAllowedHost, type HostPolicy } from '@/lib/hosts';

/**
 * Runs before every request (pages, server actions, /api, /sandbox, /_next):
 *
 * 1. Host check. The app answers only to its own names (loopback, APP_URL's host,
 *    ALLOWED_HOSTS); any other Host or X-Forwarded-Host gets 421. This stops DNS rebinding: a
 *    page whose name rebinds to this server would otherwise be same-origin and could read
 *    registrations and call the server actions that hold the team's Banqup token.
 * 2. Per-request Content-Security-Policy with a nonce (Next.js applies it to its own scripts):
 *    no inline or foreign script can run on a page, even if some text slipped through as HTML.
 *    Every answer carries it, 404s of /api included; a route that sets its own stricter policy
 *    (uploaded images) keeps it. The other security headers are in next.config.mjs.
 * 3. A review link (/review/...) is read-only: GET and HEAD only, so no server action runs there.
 * 4. /_next/image is closed: the app never uses the image optimizer, and it would decode
 *    uploaded images on demand.
 */

let cached: { key: string; policy: HostPolicy } | undefined;
function policy(): HostPolicy {
  const key = `${process.env.APP_URL ?? ''}|${process.env.ALLOWED_HOSTS ?? ''}`;
  if (cached?.key !== key) cached = { key, policy: hostPolicy({ APP_URL: process.env.APP_URL, ALLOWED_HOSTS: process.env.ALLOWED_HOSTS }) };
  return cached.policy;
}

/** A host as it may be echoed in a plain-text answer: printable, short. */
const shown = (value: string) => value.replace(/[^\x21-\x7e]/g, '?').slice(0, 100);

function misdirected(host: string, header: 'Host' | 'X-Forwarded-Host'): NextResponse {
  return new NextResponse(
    `421 Misdirected Request: this Banqup Store wizard does not answer to the ${header} "${shown(host)}". ` +
      'If that is its address, add the name to ALLOWED_HOSTS (or set APP_URL) and restart it.\n',
    { status: 421, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" } },
  );
}

export function proxy(request: NextRequest) {
  const allowed = policy();
  const host = request.headers.get('host') ?? '';
  if (!isAllowedHost(host, allowed)) return misdirected(host, 'Host');
  // NOTE: Next.js checks a server action's Origin against X-Forwarded-Host when present: a name
  // not ours there is refused too (a trusted proxy sets it to one of our names).
  const forwardedHost = request.headers.get('x-forwarded-host');
  if (forwardedHost !== null && !forwardedHost.split(',').every((name) => isAllowedHost(name, allowed))) return misdirected(forwardedHost, 'X-Forwarded-Host');

  const path = request.nextUrl.pathname;
  // A review link reads, and only reads: no server action (they post to the page's own URL)
  // and no other method is taken under /review/, whatever the Referer says.
  if (path.startsWith('/review/') && request.method !== 'GET' && request.method !== 'HEAD') {
    return new NextResponse('405 Method Not Allowed: a review link is read-only.\n', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } });
  }
  if (path === '/_next/image' || path.startsWith('/_next/image/')) {
    return new NextResponse('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  // Static files and uploaded images: their own headers (next.config.mjs, the asset route).
  if (path.startsWith('/_next/static/') || path.startsWith('/api/assets/')) return NextResponse.next();

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React and the toast set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  // The page's path, for the layout: a review page shows no way into the rest of the app.
  headers.set('x-wizard-path', path);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  // Every route: the host check must see them all.
  matcher: [{ source: '/:path*' }],
};
