import 'server-only';
import * as z from 'zod';
import { fieldErrorsOf } from '@/lib/zod-issues';
import { readCapped } from '@/lib/bytes';
import { log, logs } from '@/lib/log';
import { redactStrings, redactText, redactValue } from '@/lib/redact';
import { requestContext } from '@/lib/server/request-hook';
import { SERVER_ERROR_DETAIL, SERVER_ERROR_MAYBE_DONE_DETAIL, errorFromResponse, isRetryableStatus, redactError, statusTitle, type BanqupError } from './errors';
import { RESPONSE_MAX_BYTES, getOutboundFetch, isResponseTooLarge } from './outbound';
import type { TokenProvider } from './token';

export type BanqupResult<T> = { ok: true; data: T; status: number } | { ok: false; error: BanqupError };

/** One attempt of one call, as the journal records it: secrets already redacted. */
export type AttemptRecord = {
  method: string;
  path: string;
  request: unknown;
  status: number | null;
  response: unknown;
  error: string | null;
  requestId: string | null;
  durationMs: number;
  attempt: number;
};

export type CallContext = {
  /** Called after every attempt (the journal). Failures here never fail the call. */
  onAttempt?: (record: AttemptRecord) => void | Promise<void>;
  /**
   * Values of this call that must never be shown or stored, besides the token provider's: e.g.
   * the registration's callback authorization header that the version body carries. Redacted
   * (in any encoding) from the result, its error and the journal, as the token is.
   */
  secrets?: readonly string[];
  /** For the call's log line: the registration and recipe step it is made for, when known. */
  registrationId?: string;
  step?: number | null;
};

export type HttpOptions = {
  baseUrl: string;
  tokens: TokenProvider;
  timeoutMs: number;
  maxAttempts: number;
  /** Defaults to the shared outbound fetch (outbound.ts): one dispatcher, keep-alive, size cap. */
  fetch?: typeof fetch;
  /** The largest answer read (default RESPONSE_MAX_BYTES), also when a custom fetch is given. */
  maxResponseBytes?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
};

export type RequestBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'multipart'; form: FormData };

/** Longest Retry-After we wait for before giving the 429/503 back to the user. */
export const MAX_RETRY_AFTER_MS = 10_000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 4_000;
/** How much of a response body the journal keeps. */
const JOURNAL_TEXT_LIMIT = 4_000;

/** Connection failures where the request cannot have reached the server: safe to resend. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  // "Full jitter": spread retries of many clients over the whole window.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (error as { code?: string } | undefined)?.code;
}

/** The headers gateways put a request id in, most specific first. */
const REQUEST_ID_HEADERS = ['x-request-id', 'x-correlation-id', 'request-id', 'x-amzn-requestid', 'x-trace-id'];

function requestIdOf(headers: Headers, secrets: readonly string[]): string | null {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name)?.trim();
    // A request id is quoted to Support: keep it short and printable, whatever a gateway sends
    // (redacted before it is cut short).
    if (value) return redactText(value, secrets).replace(/[^\x20-\x7e]/g, '').slice(0, 200) || null;
  }
  return null;
}

class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
}

/**
 * Reads a body as text, refusing it past `maxBytes` (lib/bytes.ts). The shared dispatcher
 * enforces the same cap itself; this covers a custom fetch too.
 */
async function readText(response: Response, maxBytes: number): Promise<string> {
  const bytes = await readCapped(response, maxBytes);
  if (!bytes) throw new ResponseTooLargeError();
  return new TextDecoder().decode(bytes);
}

const tooLarge = (status: number | null, maxBytes: number): BanqupError => ({
  kind: 'invalid_response',
  status,
  title: 'Answer too large',
  detail: `Banqup's answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the most this app reads, so it was not read. Check BANQUP_API_URL.`,
  fieldErrors: {},
  retryable: false,
});

function describeBody(body: RequestBody | undefined, secrets: readonly string[]): unknown {
  if (!body) return null;
  if (body.kind === 'json') return redactValue(body.value, secrets);
  const fields: Record<string, unknown> = {};
  for (const [name, value] of body.form.entries()) {
    fields[name] = typeof value === 'string' ? redactText(value, secrets) : { fileName: value.name, contentType: value.type, size: value.size };
  }
  return fields;
}

/**
 * The answer as the journal keeps it: redacted as it came, and again once decoded (JSON.parse
 * undoes escapes such as `\/` and `\u002B`), keys included, before any of it is cut short.
 */
function describeResponse(text: string, contentType: string | null, secrets: readonly string[]): unknown {
  const safe = redactText(text, secrets);
  if (/json/i.test(contentType ?? '')) {
    try {
      return redactValue(JSON.parse(safe) as unknown, secrets);
    } catch {
      // fall through to text
    }
  }
  return safe === '' ? null : { text: safe.slice(0, JOURNAL_TEXT_LIMIT), truncated: safe.length > JOURNAL_TEXT_LIMIT };
}

/**
 * The log line of one attempt: what an operator needs to find the call (method, API path, the
 * wizard's request id, the registration and step) and what became of it (status or error kind,
 * Banqup's request id, duration). Never a body or a header: bodies are the journal's, at most.
 */
function logAttempt({
  method,
  path,
  entry,
  errorKind,
  context,
  secrets,
}: {
  method: string;
  path: string;
  entry: Pick<AttemptRecord, 'status' | 'requestId' | 'durationMs' | 'attempt'>;
  errorKind: BanqupError['kind'] | undefined;
  context: CallContext;
  secrets: () => string[];
}) {
  const failed = errorKind !== undefined;
  if (!logs(failed ? 'warn' : 'info')) return;
  const registrationId = context.registrationId ?? requestContext()?.registrationId;
  const fields = {
    method,
    path,
    status: entry.status,
    ...(failed ? { errorKind } : {}),
    attempt: entry.attempt,
    durationMs: entry.durationMs,
    ...(entry.requestId ? { banqupRequestId: redactText(entry.requestId, secrets()) } : {}),
    ...(registrationId ? { registrationId } : {}),
    ...(context.step != null ? { step: context.step } : {}),
  };
  if (failed) log.warn('banqup call failed', fields);
  else log.info('banqup call', fields);
}

/**
 * Sends one request to Banqup with the bearer token, a timeout, and retries of transient
 * failures, then parses the answer with `schema` (null: the recipe documents no body).
 *
 * Retried: for PUT and GET, 5xx, 429 (honouring Retry-After), timeouts and dropped connections;
 * for POST, only what proves the request was not carried out (a connection never made, 429,
 * the API's own 503): a POST that may have arrived is never sent again, so nothing is created
 * twice by accident. Such a failure is marked `maybeDelivered`.
 * A 401 fetches a fresh OAuth token once. Nothing else, and never a 4xx, is retried.
 */
export async function banqupRequest<T>(
  options: HttpOptions,
  request: { method: 'GET' | 'POST' | 'PUT'; path: string; body?: RequestBody; schema: z.core.$ZodType<T> | null },
  context: CallContext = {},
): Promise<BanqupResult<T>> {
  const fetchImpl = options.fetch ?? getOutboundFetch();
  const maxBytes = options.maxResponseBytes ?? RESPONSE_MAX_BYTES;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const url = `${options.baseUrl}${request.path}`;
  const idempotent = request.method !== 'POST';
  let refreshedToken = false;
  /** Every token this call sent: one refreshed after a 401 is no less secret than the current one. */
  const sentTokens = new Set<string>();
  /** What must not be shown or stored: the provider's secrets, the tokens sent, and the call's own. */
  const secrets = () => [...options.tokens.secrets(), ...sentTokens, ...(context.secrets ?? [])];
  /** Every failure leaves through here: its texts redacted once decoded. */
  const failed = (error: BanqupError): { ok: false; error: BanqupError } => ({ ok: false, error: redactError(error, secrets()) });

  const logPath = request.path.split(/[?#]/, 1)[0];
  /** Every attempt leaves one log line (never a body, never a header) and one journal entry. */
  const record = async (entry: Omit<AttemptRecord, 'method' | 'path' | 'request'>, errorKind?: BanqupError['kind']) => {
    logAttempt({ method: request.method, path: logPath ?? '', entry, errorKind, context, secrets });
    if (!context.onAttempt) return;
    const hidden = secrets();
    try {
      await context.onAttempt({
        method: request.method,
        path: request.path,
        request: describeBody(request.body, hidden),
        ...entry,
        response: redactStrings(entry.response, hidden),
        error: entry.error === null ? null : redactText(entry.error, hidden),
        requestId: entry.requestId === null ? null : redactText(entry.requestId, hidden),
      });
    } catch (error) {
      log.error('journal write failed', { error: error instanceof Error ? error.message : 'unknown error', method: request.method, path: logPath });
    }
  };

  for (let attempt = 1; ; attempt++) {
    const token = await options.tokens.get();
    if (!token.ok) {
      await record({ status: token.error.status, response: null, error: token.error.detail, requestId: null, durationMs: 0, attempt }, token.error.kind);
      return failed(token.error);
    }
    sentTokens.add(token.token);

    const headers: Record<string, string> = { authorization: `Bearer ${token.token}`, accept: 'application/json' };
    if (request.body?.kind === 'json') headers['content-type'] = 'application/json';
    const started = performance.now();
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: request.method,
        headers,
        body: request.body ? (request.body.kind === 'json' ? JSON.stringify(request.body.value) : request.body.form) : undefined,
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'manual',
      });
    } catch (thrown) {
      const durationMs = Math.round(performance.now() - started);
      if (isResponseTooLarge(thrown)) {
        // undici refused the answer by its Content-Length: it arrived, and will be as large again.
        // NOTE: the request arrived and was answered: it may have been carried out.
        const error: BanqupError = { ...tooLarge(null, maxBytes), maybeDelivered: true };
        await record({ status: null, response: null, error: error.detail, requestId: null, durationMs, attempt }, error.kind);
        return failed(error);
      }
      const timedOut = thrown instanceof Error && (thrown.name === 'TimeoutError' || thrown.name === 'AbortError');
      const notSent = NOT_SENT_CODES.has(errorCode(thrown) ?? '');
      // NOTE: only a connection that was never made proves the request did not arrive. A timeout
      // or a connection that broke may come after Banqup received and carried out the request.
      const error: BanqupError = timedOut
        ? {
            kind: 'timeout',
            status: null,
            title: 'Timed out',
            detail: `Banqup did not answer within ${Math.round(options.timeoutMs / 1000)} s. The request may have arrived all the same.`,
            fieldErrors: {},
            retryable: true,
            maybeDelivered: true,
          }
        : notSent
          ? { kind: 'network', status: null, title: 'Unreachable', detail: `Banqup could not be reached (${errorCode(thrown) ?? 'network error'}): nothing was sent.`, fieldErrors: {}, retryable: true }
          : {
              kind: 'network',
              status: null,
              title: 'Connection lost',
              detail: `The connection to Banqup broke after the request was sent (${errorCode(thrown) ?? 'network error'}): it may have arrived.`,
              fieldErrors: {},
              retryable: true,
              maybeDelivered: true,
            };
      await record({ status: null, response: null, error: error.detail, requestId: null, durationMs, attempt }, error.kind);
      if (attempt < options.maxAttempts && (notSent || idempotent)) {
        await sleep(backoffDelay(attempt, random));
        continue;
      }
      return failed(error);
    }

    const hidden = secrets();
    const contentType = response.headers.get('content-type');
    const requestId = requestIdOf(response.headers, hidden);
    let text: string;
    try {
      text = await readText(response, maxBytes);
    } catch (thrown) {
      // The answer started but could not be read whole: too large, cut off, or too slow.
      // The request arrived, so only an idempotent one is sent again.
      const durationMs = Math.round(performance.now() - started);
      const timedOut = thrown instanceof Error && (thrown.name === 'TimeoutError' || thrown.name === 'AbortError');
      const error: BanqupError =
        thrown instanceof ResponseTooLargeError || isResponseTooLarge(thrown)
          ? tooLarge(response.status, maxBytes)
          : timedOut
            ? { kind: 'timeout', status: response.status, title: 'Timed out', detail: `Banqup's answer did not arrive whole within ${Math.round(options.timeoutMs / 1000)} s.`, fieldErrors: {}, retryable: true }
            : { kind: 'network', status: response.status, title: 'Connection lost', detail: `The connection to Banqup broke while its answer was arriving (${errorCode(thrown) ?? 'network error'}): the request arrived, and may have been carried out.`, fieldErrors: {}, retryable: true };
      // Banqup started answering: whatever the status, the request arrived.
      error.maybeDelivered = response.ok || response.status >= 500;
      await record({ status: response.status, response: null, error: error.detail, requestId, durationMs, attempt }, error.kind);
      if (error.kind !== 'invalid_response' && idempotent && attempt < options.maxAttempts) {
        await sleep(backoffDelay(attempt, random));
        continue;
      }
      return failed(requestId ? { ...error, requestId } : error);
    }
    const durationMs = Math.round(performance.now() - started);

    if (response.ok) {
      const parsed = parseBody(request.schema, text, contentType);
      const error = parsed.ok ? null : redactError(parsed.error, hidden);
      await record({
        status: response.status,
        response: describeResponse(text, contentType, hidden),
        error: error ? error.detail : null,
        requestId,
        durationMs,
        attempt,
      }, error?.kind);
      // An answer that echoes a secret (a version's callback header) is kept without it.
      return parsed.ok ? { ok: true, data: redactStrings(parsed.data, hidden), status: response.status } : failed({ ...parsed.error, status: response.status });
    }

    const error: BanqupError =
      response.status >= 300 && response.status < 400
        ? {
            kind: 'http' as const,
            status: response.status,
            title: 'Redirected',
            detail: `Banqup answered with a redirect${redirectTarget(response.headers.get('location'), url)}, which is not followed (the token would go with it). Set BANQUP_API_URL to the final address.`,
            fieldErrors: {},
            requestId: requestId ?? undefined,
            retryable: false,
          }
        : errorFromResponse(response.status, contentType, text, requestId, response.headers.get('www-authenticate'), hidden);
    // The journal keeps the id Support can look up: the body's own when it gave one.
    await record({ status: response.status, response: describeResponse(text, contentType, hidden), error: error.detail, requestId: error.requestId ?? requestId, durationMs, attempt }, error.kind);

    if (response.status === 401 && !refreshedToken && options.tokens.status().kind === 'oauth') {
      // The token expired or was revoked early: fetch a fresh one, once.
      refreshedToken = true;
      options.tokens.invalidate();
      attempt--;
      continue;
    }
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfter !== undefined && (response.status === 429 || response.status === 503)) error.retryAfterMs = retryAfter;
    const notProcessed = provesNotProcessed(response.status, contentType);
    if (response.status >= 500 && !notProcessed) {
      error.maybeDelivered = mayHaveBeenProcessed(response.status, contentType);
      if (error.maybeDelivered && !idempotent && error.detail.startsWith(SERVER_ERROR_DETAIL)) {
        error.detail = error.detail.replace(SERVER_ERROR_DETAIL, SERVER_ERROR_MAYBE_DONE_DETAIL);
      }
    }
    // A POST is resent only when the answer proves it was not carried out: a second POST adds
    // a second item at Banqup, which no API call can remove.
    if (isRetryableStatus(response.status) && attempt < options.maxAttempts && (idempotent || notProcessed)) {
      if (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_MS) {
        await sleep(retryAfter ?? backoffDelay(attempt, random));
        continue;
      }
    }
    return failed(error);
  }
}

/**
 * An answer that proves the request was not carried out: 429 (rate limited before any work),
 * or a 503 in the API's own JSON words (the service refusing work, not a gateway in front of it).
 */
export function provesNotProcessed(status: number, contentType: string | null): boolean {
  return status === 429 || (status === 503 && /json/i.test(contentType ?? ''));
}

/**
 * A 5xx that may come after the request was carried out: any but the API's own JSON 503. A
 * gateway's 502/504 may have forwarded the request and lost the answer, and a 500, even in the
 * API's own words, may come from a failure after the item was stored (the least forgiving
 * reading: Banqup documents nothing else).
 */
export function mayHaveBeenProcessed(status: number, contentType: string | null): boolean {
  return status >= 500 && !provesNotProcessed(status, contentType);
}

/** Where a redirect points, as much as helps fix the URL: the origin only (a query may hold a code). */
function redirectTarget(location: string | null, base: string): string {
  if (!location || !URL.canParse(location, base)) return '';
  return ` to ${new URL(location, base).origin}`;
}

function parseBody<T>(
  schema: z.core.$ZodType<T> | null,
  text: string,
  contentType: string | null,
): { ok: true; data: T } | { ok: false; error: BanqupError } {
  if (schema === null) return { ok: true, data: null as T };
  const invalid = (detail: string) => ({
    ok: false as const,
    error: { kind: 'invalid_response' as const, status: null, title: 'Unexpected answer', detail, fieldErrors: {}, retryable: false },
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return invalid(`Banqup answered with ${contentType ?? 'no content type'} where JSON was expected.`);
  }
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) {
    const fields = Object.keys(fieldErrorsOf(parsed.error.issues, '(body)')).join(', ');
    return invalid(`Banqup's answer does not match the recipe (${fields}).`);
  }
  return { ok: true, data: parsed.data };
}

export { statusTitle };
