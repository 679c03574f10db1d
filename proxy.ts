import { NextResponse, type NextRequest } from 'next/server';
import { gate } from '@/lib/auth/gate';
import { misdirectedRequest } from '@/lib/hosts';

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
 * 5. Who is asking (lib/auth/gate.ts): by AUTH_MODE, a request without an identity gets 401
 *    (or, with OpenID Connect, the sign-in), a person with no role 403. Each action and route
 *    checks the role it needs again.
 */

export async function proxy(request: NextRequest) {
  const misdirected = misdirectedRequest(request.headers);
  if (misdirected) return misdirected;

  const path = request.nextUrl.pathname;
  // A review link reads, and only reads: no server action (they post to the page's own URL)
  // and no other method is taken under /review/, whatever the Referer says.
  if (path.startsWith('/review/') && request.method !== 'GET' && request.method !== 'HEAD') {
    return new NextResponse('405 Method Not Allowed: a review link is read-only.\n', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } });
  }
  if (path === '/_next/image' || path.startsWith('/_next/image/')) {
    return new NextResponse('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const refused = await gate(request, path);
  if (refused) return refused;
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
  // Every route: the host check must see them all. NOTE: but the upload route, whose body a
  // proxy would make Next.js read whole before the route could refuse it by its size: the
  // route makes the same host check itself (misdirectedRequest), first thing.
  matcher: [{ source: '/((?!api/registrations/[^/]+/assets$).*)' }],
};
