/**
 * The one way out to Banqup: every call the app (and `npm run doctor`) makes to the Banqup
 * API or its token endpoint goes through one undici dispatcher with keep-alive, a connect
 * timeout, a total timeout, no redirects followed, and a cap on the size of an answer.
 *
 * Plain JavaScript on purpose: scripts/doctor.mjs runs with plain `node` (no TypeScript
 * loader on Node 20) and must go out exactly as the app does. Types: outbound.d.mts.
 *
 * NOTE: fetch and Agent come from the same `undici` package. Node's global fetch accepts a
 * `dispatcher` only from an undici of a compatible major version (Node 20 bundles undici 6,
 * Node 22+ undici 7), and Next.js wraps the global fetch; the package's own fetch is
 * compatible with its own Agent whatever Node bundles, and stays outside Next's fetch cache.
 */
import { Agent, fetch as undiciFetch } from 'undici';

/** The largest answer read from Banqup. The recipe's answers are a few kilobytes. */
export const RESPONSE_MAX_BYTES = 5 * 1024 * 1024;
/** Time to open the TCP connection and finish the TLS handshake. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Total time of a call when the caller gives no signal of its own (the client gives its BANQUP_TIMEOUT_MS). */
export const DEFAULT_TOTAL_TIMEOUT_MS = 30_000;
/** How long an idle connection is kept for the next call. */
export const KEEP_ALIVE_MS = 30_000;
/** The error code undici gives an answer larger than maxResponseSize. */
export const RESPONSE_TOO_LARGE_CODE = 'UND_ERR_RES_EXCEEDED_MAX_SIZE';

/** A dispatcher with the app's outbound rules. Tests make their own with smaller limits. */
export function createOutboundDispatcher(options = {}) {
  const idle = options.idleTimeoutMs ?? 120_000;
  return new Agent({
    connect: { timeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS },
    // Upper bounds for silence while waiting for headers or body: the caller's signal is the
    // real per-call (total) timeout, and is usually much shorter.
    headersTimeout: idle,
    bodyTimeout: idle,
    keepAliveTimeout: options.keepAliveMs ?? KEEP_ALIVE_MS,
    keepAliveMaxTimeout: 10 * 60_000,
    // undici checks Content-Length up front and counts the bytes of a chunked answer.
    maxResponseSize: options.maxResponseBytes ?? RESPONSE_MAX_BYTES,
    // The dispatcher itself never follows a redirect (fetch's own redirect mode is set below).
    maxRedirections: 0,
  });
}

/**
 * A fetch that goes through `dispatcher`. A redirect is never followed: `redirect: 'follow'`
 * (fetch's default) becomes 'manual', so a 3xx comes back to the caller, which reports it,
 * instead of the bearer token being sent on to whatever host the Location names.
 */
export function createOutboundFetch(dispatcher, defaults = {}) {
  const totalTimeoutMs = defaults.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
  return function outboundFetch(input, init = {}) {
    return undiciFetch(input, {
      ...init,
      redirect: init.redirect === 'error' ? 'error' : 'manual',
      signal: init.signal ?? AbortSignal.timeout(totalTimeoutMs),
      dispatcher,
    });
  };
}

const SHARED = Symbol.for('banqup-store-wizard.outbound');

/** The process's outbound fetch and dispatcher (kept on globalThis: Next.js may load this module once per bundle layer). */
export function getOutbound() {
  const holder = /** @type {Record<symbol, unknown>} */ (globalThis);
  if (!holder[SHARED]) {
    const dispatcher = createOutboundDispatcher();
    holder[SHARED] = { dispatcher, fetch: createOutboundFetch(dispatcher) };
  }
  return /** @type {{ dispatcher: Agent, fetch: typeof fetch }} */ (holder[SHARED]);
}

/** The shared outbound fetch: the default of the Banqup client and the token provider. */
export function getOutboundFetch() {
  return getOutbound().fetch;
}

/** Whether `error` (thrown by fetch or by reading a body) is undici's "answer too large". */
export function isResponseTooLarge(error) {
  for (let current = error, depth = 0; current && depth < 5; current = current.cause, depth++) {
    if (current.code === RESPONSE_TOO_LARGE_CODE) return true;
  }
  return false;
}
