import 'server-only';
import type { BanqupAuth, TokenAuth } from '@/lib/env';
import { log } from '@/lib/log';
import { redactText } from '@/lib/redact';
import { tokenResponseSchema } from './schemas';
import { errorFromResponse, type BanqupError } from './errors';
import { DEFAULT_TOKEN_LIFETIME_S, REQUIRED_SCOPES, basicAuthorization, missingScopes, parseScopes, tokenRequestInit } from './oauth';
import { getOutboundFetch, isResponseTooLarge } from './outbound';

/** Refresh this long before the token's stated expiry, so no call carries a dying token. */
export const TOKEN_EXPIRY_MARGIN_MS = 30_000;
/** When the token endpoint states no lifetime, assume this one (5 minutes). */
export { DEFAULT_TOKEN_LIFETIME_S };

export type TokenResult = { ok: true; token: string } | { ok: false; error: BanqupError };

export type TokenStatus = {
  kind: BanqupAuth['kind'];
  cached: boolean;
  expiresAt?: Date;
  /** The granted scopes, space-separated, when the token endpoint stated them. */
  scope?: string;
  scopes?: string[];
};

export interface TokenProvider {
  /** A valid token: the cached one, or a fresh one when it is missing or about to expire. */
  get(): Promise<TokenResult>;
  /** Forgets the cached token (after a 401), so the next get() fetches a new one. */
  invalidate(): void;
  /** What the cache holds, without the token itself. */
  status(): TokenStatus;
  /** Values that must never leave the server. */
  secrets(): string[];
}

type Options = {
  /** Defaults to the shared outbound fetch (lib/banqup/outbound.ts). */
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
  /** How the client id and secret travel: form body (default) or HTTP Basic. */
  tokenAuth?: TokenAuth;
  /** Scopes the token must grant, when the token endpoint states its scopes. */
  requiredScopes?: readonly string[];
};

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
  const fetchImpl = options.fetch ?? getOutboundFetch();
  const now = options.now ?? Date.now;
  const requiredScopes = options.requiredScopes ?? REQUIRED_SCOPES;
  // The secret, and the Basic credentials derived from it: an endpoint may echo either (raw,
  // escaped or encoded: redactText finds every form).
  const credentials = [oauth.clientSecret, basicAuthorization(oauth.clientId, oauth.clientSecret).slice('Basic '.length)];
  let cached: { token: string; expiresAt: number; scopes?: string[] } | undefined;
  let inFlight: Promise<TokenResult> | undefined;

  const fail = (detail: string, status: number | null = null): TokenResult => ({
    ok: false,
    error: { kind: 'auth', status, title: 'No access token', detail: redactText(detail, credentials), fieldErrors: {}, retryable: status === null || status >= 500 },
  });

  /**
   * A token whose stated scopes lack what the steps need is reported here, before any call,
   * rather than as a puzzling 403 from the first step. It stays cached all the same, so the
   * token endpoint is not asked again on every click until the token expires.
   */
  function checked(entry: { token: string; scopes?: string[] }): TokenResult {
    const missing = missingScopes(entry.scopes, requiredScopes);
    if (missing.length === 0) return { ok: true, token: entry.token };
    const names = missing.join(', ');
    const ask = oauth.scope ? '' : ` or set BANQUP_SCOPE=${names} if the token endpoint grants it on request`;
    return {
      ok: false,
      error: {
        kind: 'auth',
        status: null,
        title: 'Missing scope',
        detail: `The access token lacks the scope ${names}, which the wizard's calls need (it grants: ${entry.scopes?.join(' ') || 'nothing'}). Ask Banqup to give the client ${names}${ask}.`,
        fieldErrors: {},
        retryable: false,
      },
    };
  }

  /** The token endpoint's path, for the log line (its query, if any, may hold a key). */
  const tokenPath = URL.canParse(oauth.tokenUrl) ? new URL(oauth.tokenUrl).pathname : '';

  /** One log line per request to the token endpoint: never the token, the secret or a body. */
  async function fetchToken(): Promise<TokenResult> {
    const started = performance.now();
    const answered: { status: number | null } = { status: null };
    const result = await requestToken(answered);
    const fields = { method: 'POST', path: tokenPath, status: answered.status, durationMs: Math.round(performance.now() - started) };
    if (result.ok) log.info('banqup token request', fields);
    else log.warn('banqup token request failed', { ...fields, errorKind: result.error.kind, title: result.error.title });
    return result;
  }

  async function requestToken(answered: { status: number | null }): Promise<TokenResult> {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(oauth.tokenUrl, {
        ...tokenRequestInit({ clientId: oauth.clientId, clientSecret: oauth.clientSecret, scope: oauth.scope, tokenAuth: options.tokenAuth }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        redirect: 'error',
      });
      answered.status = response.status;
      text = redactText(await response.text(), credentials);
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      if (isResponseTooLarge(error)) return fail('The token endpoint answered with more than the app reads (5 MB): is BANQUP_TOKEN_URL right?');
      return fail(timedOut ? 'The token endpoint did not answer in time.' : 'The token endpoint could not be reached.');
    }
    if (!response.ok) {
      // Redacted again once decoded: an escaped or encoded secret survives the raw text's pass.
      const error = errorFromResponse(response.status, response.headers.get('content-type'), text, null, response.headers.get('www-authenticate'), credentials);
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
      // Shown on /settings: whatever the endpoint put there, never the client secret.
      scopes: parseScopes(parsed.data.scope)?.map((scope) => redactText(scope, credentials)),
    };
    return checked(cached);
  }

  return {
    async get() {
      if (cached && now() < cached.expiresAt) return checked(cached);
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
      scope: cached?.scopes?.join(' '),
      scopes: cached?.scopes,
    }),
    secrets: () => [...credentials, ...(cached ? [cached.token] : [])],
  };
}
