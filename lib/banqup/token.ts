import 'server-only';
import type { BanqupAuth } from '@/lib/env';
import { tokenResponseSchema } from './schemas';
import { errorFromResponse, type BanqupError } from './errors';
import { redactText } from '@/lib/redact';

/** Refresh this long before the token's stated expiry, so no call carries a dying token. */
export const TOKEN_EXPIRY_MARGIN_MS = 30_000;
/** When the token endpoint states no lifetime, assume this one. */
export const DEFAULT_TOKEN_LIFETIME_S = 300;

export type TokenResult = { ok: true; token: string } | { ok: false; error: BanqupError };

export interface TokenProvider {
  /** A valid token: the cached one, or a fresh one when it is missing or about to expire. */
  get(): Promise<TokenResult>;
  /** Forgets the cached token (after a 401), so the next get() fetches a new one. */
  invalidate(): void;
  /** What the cache holds, without the token itself. */
  status(): { kind: BanqupAuth['kind']; cached: boolean; expiresAt?: Date; scope?: string };
  /** Values that must never leave the server. */
  secrets(): string[];
}

type Options = { fetch?: typeof fetch; now?: () => number; timeoutMs?: number };

export function createTokenProvider(auth: BanqupAuth, options: Options = {}): TokenProvider {
  if (auth.kind === 'static') {
    return {
      get: async () => ({ ok: true, token: auth.token }),
      invalidate: () => undefined,
      status: () => ({ kind: 'static', cached: true }),
      secrets: () => [auth.token],
    };
  }

  const oauth = auth; // narrowed to the client-credentials settings
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAt: number; scope?: string } | undefined;
  let inFlight: Promise<TokenResult> | undefined;

  const fail = (detail: string, status: number | null = null): TokenResult => ({
    ok: false,
    error: { kind: 'auth', status, title: 'No access token', detail, fieldErrors: {}, retryable: status === null || status >= 500 },
  });

  async function fetchToken(): Promise<TokenResult> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
    });
    if (oauth.scope) form.set('scope', oauth.scope);
    let response: Response;
    try {
      response = await fetchImpl(oauth.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        redirect: 'error',
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return fail(timedOut ? 'The token endpoint did not answer in time.' : 'The token endpoint could not be reached.');
    }
    const text = redactText(await response.text(), [oauth.clientSecret]);
    if (!response.ok) {
      const error = errorFromResponse(response.status, response.headers.get('content-type'), text);
      return fail(`The token endpoint refused the client credentials: ${error.detail}`, response.status);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail('The token endpoint answered with something that is not JSON.', response.status);
    }
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) return fail('The token endpoint answered without an access_token.', response.status);
    const lifetimeMs = (parsed.data.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    cached = {
      token: parsed.data.access_token,
      // A margin, but never more than half the lifetime, so short-lived tokens are still reused.
      expiresAt: now() + lifetimeMs - Math.min(TOKEN_EXPIRY_MARGIN_MS, lifetimeMs / 2),
      scope: parsed.data.scope,
    };
    return { ok: true, token: cached.token };
  }

  return {
    async get() {
      if (cached && now() < cached.expiresAt) return { ok: true, token: cached.token };
      // Concurrent callers share one request to the token endpoint.
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate() {
      cached = undefined;
    },
    status: () => ({
      kind: 'oauth',
      cached: cached !== undefined && now() < cached.expiresAt,
      expiresAt: cached ? new Date(cached.expiresAt) : undefined,
      scope: cached?.scope,
    }),
    secrets: () => [oauth.clientSecret, ...(cached ? [cached.token] : [])],
  };
}
