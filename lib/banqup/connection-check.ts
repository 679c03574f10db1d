/**
 * The connection check behind /settings, /api/connection and `npm run doctor`: sandbox or
 * real API, which URLs, whether a token can be obtained (expiry, scopes), the round trip of
 * one harmless authenticated call, and the clock skew against the API's Date header.
 *
 * The doctor runs this very code (scripts/doctor.mjs bundles it), on a machine that may have
 * the variables but no running app. It never puts a secret in what it returns.
 *
 * The harmless call: GET /servicemngmt/v1/applications/{a random UUID}. It reads, changes
 * nothing, and names an application that cannot exist, so an API that accepts the token
 * answers 404 (or 2xx), and one that does not answers 401 or 403. A 404 alone proves nothing,
 * though: a gateway that answers unknown routes before it checks tokens answers 404 to any
 * token. So a 404 or 2xx is only believed when the same call with a deliberately wrong token
 * is refused (401/403); when the wrong token gets the same answer, the check says it cannot tell.
 */
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../env';
import { createRedactor, redactStrings } from '../redact-core';
import { DEFAULT_TOKEN_LIFETIME_S, REQUIRED_SCOPES, basicAuthorization, missingScopes, parseScopes, tokenRequestInit, type TokenAuth } from './oauth';

export type ConnectionAuth =
  | { kind: 'static'; token: string }
  | { kind: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export type ConnectionSettings = {
  mode: 'sandbox' | 'api';
  /** The API base URL (the sandbox's, in sandbox mode). */
  apiUrl: string;
  auth: ConnectionAuth;
  tokenAuth?: TokenAuth;
  timeoutMs?: number;
};

/** The check's settings from the app's configuration (the one parser, lib/env.ts; the doctor uses it too). */
export function connectionSettings(config: Pick<AppConfig, 'mode' | 'banqup'>): ConnectionSettings {
  return {
    mode: config.mode,
    apiUrl: config.banqup.baseUrl,
    auth: config.banqup.auth,
    tokenAuth: config.banqup.tokenAuth,
    timeoutMs: config.banqup.timeoutMs,
  };
}

export type TokenCheck = {
  ok: boolean;
  source: 'static' | 'oauth';
  status: number | null;
  durationMs: number | null;
  expiresInSeconds: number | null;
  expiresAt: string | null;
  /** Whether the token endpoint stated expires_in (else the app assumes 300 s). */
  lifetimeStated: boolean;
  scopes: string[] | null;
  missingScopes: string[];
  detail: string;
};

export type ProbeVerdict = 'authorized' | 'cannot_tell' | 'refused' | 'redirected' | 'unexpected' | 'inconclusive' | 'unreachable';

export type ProbeCheck = {
  method: 'GET';
  path: string;
  status: number | null;
  roundTripMs: number | null;
  requestId: string | null;
  /**
   * What the same call got with a deliberately wrong token: made only when the real token got
   * a 404 or 2xx, to tell a working token from a gateway that answers before checking tokens.
   * null when that call was not made or failed.
   */
  wrongTokenStatus: number | null;
  /**
   * authorized: the real token got 404/2xx and the wrong one 401/403. cannot_tell (a warning):
   * the wrong token was not refused, so the real token's answer proves nothing.
   */
  verdict: ProbeVerdict;
  detail: string;
};

export type ConnectionReport = {
  checkedAt: string;
  mode: 'sandbox' | 'api';
  apiUrl: string | null;
  tokenUrl: string | null;
  auth: 'static' | 'oauth';
  tokenAuth: TokenAuth | null;
  requiredScopes: string[];
  token: TokenCheck | null;
  probe: ProbeCheck | null;
  clock: { apiDate: string | null; skewMs: number | null; detail: string };
  problems: string[];
  warnings: string[];
  ok: boolean;
};

type Redact = (text: string) => string;
type Verdict = { verdict: ProbeVerdict; severity: 'ok' | 'warning' | 'problem'; detail: string };

export const PROBE_PATH_PREFIX = '/servicemngmt/v1/applications/';
/** Beyond this, the skew is worth a warning; beyond the second, a problem (token lifetimes, dates sent). */
export const CLOCK_SKEW_WARN_MS = 30_000;
export const CLOCK_SKEW_PROBLEM_MS = 5 * 60_000;
/** What the app assumes when the token endpoint states no lifetime (token.ts). */
export const ASSUMED_TOKEN_LIFETIME_S = DEFAULT_TOKEN_LIFETIME_S;


/** A URL as it may be shown: no user info, no query (either may carry a credential). */
export function displayUrl(value: string | undefined | null): string | null {
  if (!value || !URL.canParse(value)) return value ?? null;
  const url = new URL(value);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * One short sentence from an error answer: the API's own words when it gave some, never markup.
 * `redact` runs on the raw text and again on what is decoded (JSON.parse undoes escapes such
 * as `\u002B`), before anything is cut short.
 */
function errorSentence(contentType: string | null, text: string | undefined, redact: Redact): string {
  const trimmed = redact((text ?? '').trim());
  if (trimmed === '') return 'no explanation (empty body)';
  if (/json/i.test(contentType ?? '') || /^[{[]/.test(trimmed)) {
    try {
      const json = redactStrings(JSON.parse(trimmed), redact);
      const body: Record<string, unknown> = json && typeof json === 'object' && !Array.isArray(json) ? json : {};
      for (const key of ['error_description', 'detail', 'message', 'title', 'error']) {
        const field = body[key];
        const value = Array.isArray(field) ? field.filter((item) => typeof item === 'string').join('; ') : field;
        if (typeof value === 'string' && value.trim() !== '' && !value.trim().startsWith('<')) return value.trim().slice(0, 300);
      }
      return 'no explanation in the JSON body';
    } catch {
      // not JSON after all: fall through
    }
  }
  if (/html|xml/i.test(contentType ?? '') || trimmed.startsWith('<')) return 'a gateway answered with an HTML page instead of the API';
  return (trimmed.split(/\r?\n/)[0] ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
}

type Thrown = { name?: unknown; code?: unknown; message?: unknown; cause?: unknown } | null | undefined;

function failureCode(error: unknown): string | undefined {
  let current = error as Thrown;
  for (let depth = 0; current && depth < 5; current = current.cause as Thrown, depth++) {
    if (typeof current.code === 'string') return current.code;
  }
  return undefined;
}

function describeThrown(error: unknown, what: string, timeoutMs: number): string {
  const code = failureCode(error);
  const name = (error as Thrown)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `${what} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return `${what} answered with more than the app reads (5 MB)`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `${what} could not be connected to in time (${code})`;
  let innermost = error as Thrown;
  for (let depth = 0; innermost?.cause && depth < 5; depth++) innermost = innermost.cause as Thrown;
  return `${what} could not be reached (${code ?? (innermost instanceof Error ? innermost.message : 'network error')})`;
}

const requestIdOf = (headers: Headers) => headers.get('x-request-id') ?? headers.get('x-correlation-id') ?? headers.get('request-id') ?? null;

/** A token check with nothing measured yet. */
const tokenCheck = (source: TokenCheck['source'], ok: boolean, detail: string): TokenCheck => ({
  ok,
  source,
  status: null,
  durationMs: null,
  expiresInSeconds: null,
  expiresAt: null,
  lifetimeStated: false,
  scopes: null,
  missingScopes: [],
  detail,
});

async function obtainToken(
  auth: Extract<ConnectionAuth, { kind: 'oauth' }>,
  tokenAuth: TokenAuth,
  fetchImpl: typeof fetch,
  timeoutMs: number,
  redact: Redact,
  now: () => number,
): Promise<{ token: TokenCheck; accessToken: string | undefined }> {
  const started = performance.now();
  const token = tokenCheck('oauth', false, '');
  let response: Response;
  let text: string;
  try {
    const request = tokenRequestInit({ clientId: auth.clientId, clientSecret: auth.clientSecret, scope: auth.scope, tokenAuth });
    response = await fetchImpl(auth.tokenUrl, { ...request, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    text = await response.text();
  } catch (error) {
    token.durationMs = Math.round(performance.now() - started);
    token.detail = describeThrown(error, 'The token endpoint', timeoutMs);
    return { token, accessToken: undefined };
  }
  token.durationMs = Math.round(performance.now() - started);
  token.status = response.status;
  if (!response.ok) {
    token.detail = redact(`The token endpoint refused the client credentials (HTTP ${response.status}): ${errorSentence(response.headers.get('content-type'), text, redact)}`);
    return { token, accessToken: undefined };
  }
  let json: { access_token?: unknown; expires_in?: unknown; scope?: unknown };
  try {
    json = JSON.parse(text) ?? {};
  } catch {
    token.detail = 'The token endpoint answered with something that is not JSON.';
    return { token, accessToken: undefined };
  }
  const accessToken = json && typeof json.access_token === 'string' && json.access_token !== '' ? json.access_token : undefined;
  if (!accessToken) {
    token.detail = 'The token endpoint answered without an access_token.';
    return { token, accessToken: undefined };
  }
  const stated = Number(json.expires_in);
  token.lifetimeStated = json.expires_in !== undefined && json.expires_in !== null && Number.isFinite(stated) && stated > 0;
  token.expiresInSeconds = token.lifetimeStated ? stated : ASSUMED_TOKEN_LIFETIME_S;
  token.expiresAt = new Date(now() + token.expiresInSeconds * 1000).toISOString();
  token.scopes = parseScopes(json.scope) ?? null;
  token.missingScopes = missingScopes(token.scopes ?? undefined, REQUIRED_SCOPES);
  token.ok = true;
  token.detail = token.lifetimeStated
    ? `Obtained; valid for ${token.expiresInSeconds} s.`
    : `Obtained; the token endpoint stated no lifetime (expires_in), so the app assumes ${ASSUMED_TOKEN_LIFETIME_S} s.`;
  return { token, accessToken };
}

/** The answers an API gives a token it accepts, for an application that does not exist. */
const looksAuthorized = (status: number) => (status >= 200 && status < 300) || status === 404;
const isRefusal = (status: number) => status === 401 || status === 403;

/**
 * The verdict on a 404 or 2xx to the real token, given what the deliberately wrong token got:
 * `wrongStatus` its status, or null when that call failed (`wrongFailure` says how).
 */
function controlledVerdict(status: number, wrongStatus: number | null, wrongFailure: string): Verdict {
  if (wrongStatus !== null && isRefusal(wrongStatus)) {
    const answered = status === 404 ? '404 for an application that does not exist' : `HTTP ${status}`;
    return {
      verdict: 'authorized',
      severity: 'ok',
      detail: `The API accepted the token: ${answered}, while a deliberately wrong token got ${wrongStatus}, so the answer depends on the token.`,
    };
  }
  const detail =
    wrongStatus === null
      ? `The API answered ${status} to the token, but the same call with a deliberately wrong token failed (${wrongFailure}), so this check cannot tell whether the token works.`
      : wrongStatus === status
        ? `Banqup answered the same (${status}) with a deliberately wrong token: a gateway may answer before checking tokens, so this check cannot tell whether the token works.`
        : `Banqup answered ${status} to the token and ${wrongStatus} to a deliberately wrong one, not 401 or 403: this check cannot tell whether the token works.`;
  return { verdict: 'cannot_tell', severity: 'warning', detail };
}

/** The verdict on any other answer to the real token: no second call is needed to read it. */
function probeVerdict(status: number, location: string | null, apiUrl: string): Verdict {
  if (status === 401) return { verdict: 'refused', severity: 'problem', detail: 'The API refused the token (401): wrong, expired or for another environment.' };
  if (status === 403) return { verdict: 'refused', severity: 'problem', detail: 'The API refused the call (403): the token is not allowed to use the Store API (a missing scope such as store_write or store_read?).' };
  if (status >= 300 && status < 400) {
    const target = location && URL.canParse(location, apiUrl) ? ` to ${new URL(location, apiUrl).origin}` : '';
    return { verdict: 'redirected', severity: 'problem', detail: `The API redirected${target}; redirects are not followed. Set BANQUP_API_URL to the final address.` };
  }
  if (status === 429 || status >= 500) return { verdict: 'unexpected', severity: 'problem', detail: `The API answered ${status}: it has a problem or is rate limiting. Try again later.` };
  return { verdict: 'inconclusive', severity: 'warning', detail: `The API answered ${status}, which neither proves nor disproves that the token works.` };
}

/**
 * Runs the check. `deps.fetch`: the outbound fetch (the app's shared dispatcher, or the
 * doctor's own).
 */
export async function checkConnection(settings: ConnectionSettings, deps: { fetch?: typeof fetch; now?: () => number } = {}): Promise<ConnectionReport> {
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const now = deps.now ?? Date.now;
  const timeoutMs = settings.timeoutMs ?? 15_000;
  const auth = settings.auth;
  // The Basic credentials derived from the secret are as secret as it is: an endpoint may echo them.
  const secrets = auth.kind === 'static' ? [auth.token] : [auth.clientSecret, basicAuthorization(auth.clientId, auth.clientSecret).slice('Basic '.length)];
  // Every form of them: as sent, JSON-escaped, URL- or form-encoded, base64 (redact-core.ts).
  const redact: Redact = (text) => createRedactor(secrets)(text);
  const problems: string[] = [];
  const warnings: string[] = [];

  const report: ConnectionReport = {
    checkedAt: new Date(now()).toISOString(),
    mode: settings.mode,
    apiUrl: displayUrl(settings.apiUrl),
    tokenUrl: auth.kind === 'oauth' ? displayUrl(auth.tokenUrl) : null,
    auth: auth.kind,
    tokenAuth: auth.kind === 'oauth' ? (settings.tokenAuth ?? 'body') : null,
    requiredScopes: [...REQUIRED_SCOPES],
    token: null,
    probe: null,
    clock: { apiDate: null, skewMs: null, detail: 'Not measured: no call was made.' },
    problems,
    warnings,
    ok: false,
  };

  let bearer: string | undefined;
  if (auth.kind === 'static') {
    bearer = auth.token;
    report.token = tokenCheck(
      'static',
      true,
      settings.mode === 'sandbox'
        ? "The sandbox's static token (SANDBOX_TOKEN)."
        : 'A static token (BANQUP_API_TOKEN): its expiry and scopes are not known to the app; the call below shows whether it works.',
    );
  } else {
    const { token, accessToken } = await obtainToken(auth, settings.tokenAuth ?? 'body', fetchImpl, timeoutMs, redact, now);
    report.token = token;
    if (accessToken) {
      bearer = accessToken;
      secrets.push(accessToken);
    }
    if (!token.ok) problems.push(token.detail);
    else if (token.missingScopes.length > 0) {
      problems.push(`The token lacks the scope ${token.missingScopes.join(', ')}, which the wizard's calls need (it grants: ${token.scopes?.join(' ') || 'nothing'}).`);
    } else if (!token.scopes) {
      warnings.push(`The token endpoint did not say which scopes the token grants, so ${REQUIRED_SCOPES.join(', ')} cannot be checked before the first call.`);
    }
    if (token.ok && !token.lifetimeStated) warnings.push(token.detail);
  }

  if (bearer) {
    const path = `${PROBE_PATH_PREFIX}${randomUUID()}`;
    const probe: ProbeCheck = { method: 'GET', path, status: null, roundTripMs: null, requestId: null, wrongTokenStatus: null, verdict: 'unreachable', detail: '' };
    report.probe = probe;
    const probeWith = (token: string) =>
      fetchImpl(`${settings.apiUrl}${path}`, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
    const sentAt = now();
    const started = performance.now();
    try {
      const response = await probeWith(bearer);
      await response.arrayBuffer();
      const receivedAt = now();
      probe.roundTripMs = Math.round(performance.now() - started);
      probe.status = response.status;
      probe.requestId = requestIdOf(response.headers);
      let verdict: Verdict;
      if (looksAuthorized(response.status)) {
        // The control: the same read with a token that cannot be valid (random, so no gateway
        // cache can know it). Not a secret, but redacted all the same should an answer echo it.
        const wrongToken = `invalid-${randomUUID()}`;
        secrets.push(wrongToken);
        let wrongFailure = '';
        try {
          const wrong = await probeWith(wrongToken);
          await wrong.arrayBuffer();
          probe.wrongTokenStatus = wrong.status;
        } catch (error) {
          wrongFailure = describeThrown(error, 'the API', timeoutMs);
        }
        verdict = controlledVerdict(response.status, probe.wrongTokenStatus, wrongFailure);
      } else {
        verdict = probeVerdict(response.status, response.headers.get('location'), settings.apiUrl);
      }
      probe.verdict = verdict.verdict;
      probe.detail = verdict.detail;
      if (verdict.severity === 'problem') problems.push(verdict.detail);
      if (verdict.severity === 'warning') warnings.push(verdict.detail);

      const date = response.headers.get('date');
      const apiTime = date ? Date.parse(date) : NaN;
      if (Number.isNaN(apiTime)) {
        report.clock = { apiDate: date, skewMs: null, detail: 'The API sent no usable Date header: the clock skew cannot be measured.' };
        warnings.push(report.clock.detail);
      } else {
        // NOTE: Date counts whole seconds (truncated): +500 ms centres the estimate, ±0.5 s.
        const skewMs = apiTime + 500 - Math.round((sentAt + receivedAt) / 2);
        const size = Math.abs(skewMs);
        const ahead = skewMs > 0 ? "the API's clock is ahead of this machine's" : "this machine's clock is ahead of the API's";
        const detail = size < 1_000 ? 'Within a second of the API (the Date header counts whole seconds).' : `${(size / 1000).toFixed(1)} s: ${ahead}.`;
        report.clock = { apiDate: date, skewMs, detail };
        if (size > CLOCK_SKEW_PROBLEM_MS) problems.push(`Clock skew of ${detail} Synchronise this machine's clock (NTP): tokens and dates sent to Banqup depend on it.`);
        else if (size > CLOCK_SKEW_WARN_MS) warnings.push(`Clock skew of ${detail}`);
      }
    } catch (error) {
      probe.roundTripMs = Math.round(performance.now() - started);
      probe.detail = describeThrown(error, 'The API', timeoutMs);
      problems.push(probe.detail);
    }
  }

  report.ok = problems.length === 0;
  // Belt and braces: whatever a server echoed, no configured or obtained secret leaves here.
  return redactStrings(report, createRedactor(secrets));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** The report as lines for a terminal (the doctor). */
export function formatReport(report: ConnectionReport): string[] {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${(label ? `${label}:` : '').padEnd(15)}${value}`);
  lines.push(`Banqup connection check, ${report.checkedAt}`);
  row('Mode', report.mode === 'sandbox' ? "sandbox (the app's built-in Banqup stand-in)" : 'real Banqup API');
  row('API base URL', report.apiUrl ?? '(none)');
  if (report.auth === 'oauth') {
    row('Token URL', `${report.tokenUrl} (client credentials ${report.tokenAuth === 'basic' ? 'as HTTP Basic' : 'in the form body'})`);
  } else {
    row('Token', report.mode === 'sandbox' ? 'static sandbox token' : 'static token (BANQUP_API_TOKEN)');
  }
  const token = report.token;
  if (token) {
    if (token.source === 'oauth') {
      const facts = token.ok
        ? [
            `obtained in ${token.durationMs} ms`,
            token.lifetimeStated ? `expires in ${token.expiresInSeconds} s (${token.expiresAt})` : `no expires_in: ${ASSUMED_TOKEN_LIFETIME_S} s assumed`,
            `scopes: ${token.scopes ? token.scopes.join(' ') : 'not stated'}`,
          ].join('; ')
        : token.detail;
      row('Access token', facts);
    } else {
      row('Access token', token.detail);
    }
  }
  if (report.probe) {
    const status = report.probe.status === null ? 'no answer' : `HTTP ${report.probe.status}`;
    row('Probe', `${report.probe.method} ${report.probe.path} → ${status} in ${report.probe.roundTripMs} ms${report.probe.requestId ? ` (request id ${report.probe.requestId})` : ''}`);
    // typeof: a report from an app of an older version (doctor --app) has no wrongTokenStatus.
    if (typeof report.probe.wrongTokenStatus === 'number') row('', `The same call with a deliberately wrong token → HTTP ${report.probe.wrongTokenStatus}`);
    row('', report.probe.detail);
  } else {
    row('Probe', 'not made: no token to make it with');
  }
  row('Clock skew', report.clock.skewMs === null ? report.clock.detail : `${report.clock.skewMs >= 0 ? '+' : '-'}${seconds(Math.abs(report.clock.skewMs))} (${report.clock.detail})`);
  for (const problem of report.problems) lines.push(`PROBLEM: ${problem}`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  lines.push(report.ok ? 'Result: OK' : `Result: FAILED (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'})`);
  return lines;
}
