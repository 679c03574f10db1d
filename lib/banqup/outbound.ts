/**
 * The one way out to Banqup: every call the app (and `npm run doctor`) makes to the Banqup
 * API or its token endpoint goes through one undici dispatcher with keep-alive, a connect
 * timeout, a total timeout, no redirects followed, and a cap on the size of an answer.
 *
 * `npm run doctor` runs this same code (bundled by scripts/doctor.mjs), so it goes out exactly
 * as the app does.
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
export const RESPONSE_TOO_LARGE_CODE = 'UND_ERR_RES_EXCEEDED_MAX_SIZE' as const;

export type OutboundOptions = {
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  keepAliveMs?: number;
  maxResponseBytes?: number;
};

/** A dispatcher with the app's outbound rules. Tests make their own with smaller limits. */
export function createOutboundDispatcher(options: OutboundOptions = {}): Agent {
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
 *
 * NOTE: typed as the global fetch, which is what the client's code is written against; at
 * run time it is undici's fetch (same API; its Response is undici's class, not the global one).
 */
export function createOutboundFetch(dispatcher: Agent, defaults: { totalTimeoutMs?: number } = {}): typeof fetch {
  const totalTimeoutMs = defaults.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS;
  const outboundFetch = (input: Parameters<typeof fetch>[0], init: RequestInit = {}) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      redirect: init.redirect === 'error' ? 'error' : 'manual',
      signal: init.signal ?? AbortSignal.timeout(totalTimeoutMs),
      dispatcher,
    });
  return outboundFetch as unknown as typeof fetch;
}

const SHARED = Symbol.for('banqup-store-wizard.outbound');

/** The process's outbound fetch and dispatcher (kept on globalThis: Next.js may load this module once per bundle layer). */
export function getOutbound(): { dispatcher: Agent; fetch: typeof fetch } {
  const holder = globalThis as unknown as Record<symbol, { dispatcher: Agent; fetch: typeof fetch } | undefined>;
  let shared = holder[SHARED];
  if (!shared) {
    const dispatcher = createOutboundDispatcher();
    shared = { dispatcher, fetch: createOutboundFetch(dispatcher) };
    holder[SHARED] = shared;
  }
  return shared;
}

/** The shared outbound fetch: the default of the Banqup client and the token provider. */
export function getOutboundFetch(): typeof fetch {
  return getOutbound().fetch;
}

/** Whether `error` (thrown by fetch or by reading a body) is undici's "answer too large". */
export function isResponseTooLarge(error: unknown): boolean {
  let current = error as { code?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; current && depth < 5; current = current.cause as typeof current, depth++) {
    if (current.code === RESPONSE_TOO_LARGE_CODE) return true;
  }
  return false;
}
