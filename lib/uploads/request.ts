/**
 * Whether a request comes from this app's own pages. Route handlers do not get the origin
 * check Next.js gives server actions, so uploads check it themselves: the browser's
 * Sec-Fetch-Site when sent, else Origin against Host, and a custom header that a cross-site
 * form cannot set without a CORS preflight (which this app never grants).
 */
export function sameOriginRequest(request: Request): boolean {
  if (request.headers.get('x-requested-with') !== 'banqup-wizard') return false;
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin') return false;
  const origin = request.headers.get('origin');
  if (!origin) return true;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
