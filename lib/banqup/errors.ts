import { createRedactor, redactStrings } from '@/lib/redact-core';

/**
 * The one error type every failed Banqup call becomes, whatever the API, a gateway or the
 * network answered. It carries what a developer can act on, and never a credential.
 */
export type BanqupErrorKind =
  | 'http' // the API answered with an error status
  | 'network' // no answer: connection refused, reset, DNS
  | 'timeout' // no answer in time
  | 'invalid_response' // a 2xx whose body does not match the recipe, or an answer too large to read
  | 'auth' // no usable token: refused credentials, or a token without a scope the steps need
  | 'config'; // the request could not be made as configured

export type BanqupError = {
  kind: BanqupErrorKind;
  /** HTTP status, when there was an answer. */
  status: number | null;
  /** A short heading, e.g. "Bad Request". */
  title: string;
  /** The API's own sentence when it gave one, else ours. */
  detail: string;
  /** Field path (dot-separated, as in the request body) → messages. */
  fieldErrors: Record<string, string[]>;
  /** The API's request id, to quote to Banqup Support. */
  requestId?: string;
  /** Whether trying again later may succeed. */
  retryable: boolean;
  /**
   * The request may have been carried out although no success came back: it timed out, the
   * connection broke after it was sent, or a gateway answered 5xx. Such a POST is never resent
   * automatically, and its item is recorded as "outcome unknown".
   */
  maybeDelivered?: boolean;
  /** How long Banqup asked to wait before trying again (Retry-After of a 429 or 503). */
  retryAfterMs?: number;
};

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const STATUS_DETAILS: Record<number, string> = {
  401: 'Banqup refused the credentials. Check the token or the client id and secret.',
  403: 'The credentials are valid but not allowed to do this (a missing scope such as store_write?).',
  404: 'Banqup does not know this application or endpoint. Check the applicationId.',
  413: 'The file or body is larger than Banqup accepts.',
  405: 'Banqup does not offer this call at this address (this environment may not have the endpoint).',
  415: 'Banqup does not accept this type of content.',
  429: 'Banqup is rate limiting requests. Wait a moment and try again.',
};

/** Our sentence for a 5xx that gave none of its own. */
export const SERVER_ERROR_DETAIL = 'Banqup had a problem answering. Trying again later may work.';
/** The same, for a POST that may have been carried out: trying again could add it twice. */
export const SERVER_ERROR_MAYBE_DONE_DETAIL = 'Banqup, or a gateway in front of it, had a problem answering; the request may have been carried out all the same.';

export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Server Error' : `HTTP ${status}`);
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

type Json = Record<string, unknown>;
type Redact = (text: string) => string;

/** The longest API sentence shown on a page; the journal keeps the whole answer. */
const DETAIL_MAX = 1_000;
/** At most this many field messages are kept from one answer. */
const FIELD_MESSAGES_MAX = 100;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Text that looks like markup (an HTML page stuffed into a JSON field) is not a sentence. */
const looksLikeMarkup = (text: string) => /^\s*</.test(text) && /<\/?[a-z!][^>]*>/i.test(text);

/** A string fit to show: trimmed, without control characters, not markup, cut to `max`. */
function asString(value: unknown, max = DETAIL_MAX): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (text === '' || looksLikeMarkup(text)) return undefined;
  return text.slice(0, max);
}

/** A string, or a list of strings joined into one sentence ("a; b"). */
function asText(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const parts = value.map((item) => asString(item)).filter((item): item is string => item !== undefined);
    return parts.length > 0 ? asString(parts.join('; ')) : undefined;
  }
  return asString(value);
}

/** An id to quote to Support: a string or a number, printable and short. */
function asId(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : asString(value, 200);
  return text?.replace(/[^\x20-\x7e]/g, '') || undefined;
}

/**
 * RFC 9457's `instance` names this occurrence of the problem. When it is an id (urn:uuid:…,
 * a bare UUID or token) it is what Support can look up; a path only repeats the request's own.
 */
function idFromInstance(value: unknown): string | undefined {
  const instance = asId(value);
  if (!instance || instance.startsWith('/') || /^https?:/i.test(instance)) return undefined;
  return instance.replace(/^urn:(?:uuid|request|trace):/i, '') || undefined;
}

/**
 * A field reference as the API gives it → the dot path of the request body: `manifest.serviceAccount`
 * from `body.manifest.serviceAccount`, `#/manifest/serviceAccount` (JSON pointer) or `permissions[0].scope`.
 */
function toFieldPath(field: string | undefined): string | undefined {
  if (!field) return undefined;
  let path = field;
  if (/^#?\//.test(path)) path = path.replace(/^#?\//, '').split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
  path = path.replace(/^(?:body|request|\$)\./, '').replace(/\[(\d+)\]/g, '.$1');
  return path || undefined;
}

const FIELD_KEYS = ['field', 'path', 'property', 'propertyPath', 'name', 'pointer', 'param', 'parameter'] as const;
// NOTE: not `description`: it is a field of the recipe (step 2), as are `name` (step 1) and `path`-like words.
const MESSAGE_KEYS = ['message', 'defaultMessage', 'reason', 'detail', 'errorMessage', 'msg'] as const;
/** Keys that only ever name the field of an entry (unlike `name` and `path`, which may be fields themselves). */
const ENTRY_FIELD_KEYS = ['field', 'property', 'propertyPath', 'pointer', 'param', 'parameter'] as const;
/** Where APIs put their field errors. */
const FIELD_ERROR_SOURCES = ['errors', 'fieldErrors', 'field_errors', 'violations', 'invalidParams', 'invalid-params', 'validationErrors'] as const;

/**
 * "displayName: must not be blank" → a field error. NOTE: only a lowercase-first identifier
 * counts as a field (the recipe's fields are camelCase), so "Error: ..." stays a sentence.
 */
const FIELD_PREFIXED = /^([a-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\])*)\s*:\s+(\S.*)$/s;

/**
 * Field errors and loose messages from an error body, in every shape met so far:
 * `[{field, message}]`, `[{path|property|propertyPath|name|pointer, defaultMessage|reason|detail}]`,
 * `{field: msg | msg[]}`, nested objects `{manifest: {serviceAccount: [msg]}}` (and lists of
 * them), entries `{field: [{message}]}`, and plain strings, "field: message" or not.
 */
function readErrors(body: Json): { fieldErrors: Record<string, string[]>; messages: string[] } {
  const fieldErrors: Record<string, string[]> = {};
  const messages: string[] = [];
  let count = 0;
  const add = (path: string, message: unknown) => {
    const text = asString(message);
    if (!text) return;
    const key = toFieldPath(path);
    if (!key) {
      const prefixed = FIELD_PREFIXED.exec(text);
      if (prefixed?.[1] && prefixed[2]) return add(prefixed[1], prefixed[2]);
      if (!messages.includes(text)) messages.push(text);
      return;
    }
    if (count++ >= FIELD_MESSAGES_MAX) return;
    (fieldErrors[key] ??= []).push(text);
  };
  const join = (path: string, part: string) => (path ? `${path}.${part}` : part);

  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 8 || node === null || node === undefined) return;
    if (typeof node === 'string') return add(path, node);
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, typeof item === 'object' && item !== null && !isEntry(item) && path ? join(path, String(index)) : path, depth + 1));
      return;
    }
    if (!isObject(node)) return;
    if (isEntry(node)) {
      const field = FIELD_KEYS.map((key) => node[key]).find((value) => typeof value === 'string');
      const message = MESSAGE_KEYS.map((key) => node[key]).find((value) => value !== undefined && value !== null);
      if (message === undefined) return;
      const fieldPath = typeof field === 'string' && field.trim() !== '' ? join(path, field.trim()) : path;
      for (const text of Array.isArray(message) ? message : [message]) add(fieldPath, text);
      return;
    }
    for (const [key, value] of Object.entries(node)) walk(value, join(path, key), depth + 1);
  };

  for (const source of FIELD_ERROR_SOURCES) walk(body[source], '', 0);
  return { fieldErrors, messages };
}

/** An object that is one error entry (it carries a message or names its field), not a map of fields. */
function isEntry(node: unknown): node is Json {
  return isObject(node) && ([...MESSAGE_KEYS, ...ENTRY_FIELD_KEYS] as string[]).some((key) => node[key] !== undefined && node[key] !== null);
}

/**
 * `Bearer error="invalid_token", error_description="..."` (RFC 6750 §3) → what it says, each
 * parameter redacted once unquoted (before it is cut short).
 */
function readWwwAuthenticate(header: string | null | undefined, redact: Redact): { error?: string; description?: string; scope?: string } {
  if (!header) return {};
  const params: Record<string, string> = {};
  for (const match of header.matchAll(/([a-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi)) {
    const [, name, quoted, bare] = match;
    if (name) params[name.toLowerCase()] = redact((quoted ?? bare ?? '').replace(/\\(.)/g, '$1'));
  }
  return { error: params.error, description: asString(params.error_description, 300), scope: asString(params.scope, 300) };
}

function detailFromWwwAuthenticate(header: string | null | undefined, redact: Redact): string | undefined {
  const { error, description, scope } = readWwwAuthenticate(header, redact);
  if (error === 'insufficient_scope') return `The access token lacks a scope this call needs${scope ? `: ${scope}` : ''}.${description ? ` ${description}` : ''}`;
  if (description) return description;
  if (error === 'invalid_token') return 'Banqup refused the access token (invalid_token): it expired or was revoked.';
  return undefined;
}

/**
 * Turns an error answer into a BanqupError: RFC 9457 problem details, Banqup's own
 * `{status, error, timestamp, title, detail, requestId}` with field errors in any of several
 * shapes, OAuth errors, `{message: [...]}` lists, an HTML or XML gateway page, or nothing.
 * Whatever the body, what comes out is sentences fit for a page: never markup, never the raw body.
 */
export function errorFromResponse(
  status: number,
  contentType: string | null,
  text: string,
  headerRequestId?: string | null,
  wwwAuthenticate?: string | null,
  secrets: readonly string[] = [],
): BanqupError {
  return redactError(readError(status, contentType, text, headerRequestId, wwwAuthenticate, createRedactor(secrets)), secrets);
}

function readError(
  status: number,
  contentType: string | null,
  rawText: string,
  headerRequestId: string | null | undefined,
  wwwAuthenticate: string | null | undefined,
  redact: Redact,
): BanqupError {
  const base: BanqupError = {
    kind: 'http',
    status,
    title: statusTitle(status),
    detail:
      detailFromWwwAuthenticate(wwwAuthenticate, redact) ??
      STATUS_DETAILS[status] ??
      (status >= 500 ? SERVER_ERROR_DETAIL : 'Banqup refused the request.'),
    fieldErrors: {},
    requestId: headerRequestId ? redact(headerRequestId) : undefined,
    retryable: isRetryableStatus(status),
  };
  // Redacted as it came and again once decoded (JSON.parse undoes escapes such as \u002B),
  // both before anything is cut short.
  const trimmed = redact(rawText.trim());
  if (trimmed === '') return base;

  let body: unknown;
  if (/json/i.test(contentType ?? '') || /^[[{"]/.test(trimmed)) {
    try {
      body = redactStrings(JSON.parse(trimmed) as unknown, redact);
    } catch {
      body = undefined;
    }
  }
  if (typeof body === 'string') return { ...base, detail: asString(body) ?? base.detail };
  // A bare list is a list of errors.
  if (Array.isArray(body)) body = { errors: body };
  if (isObject(body)) {
    // Some gateways wrap everything in `error: {code, message, details}`: the outer body wins.
    const inner = isObject(body.error) ? body.error : {};
    const json: Json = { ...inner, ...body, error: isObject(body.error) ? inner.code ?? inner.status : body.error };
    const title = asString(json.title, 200) ?? asString(json.error, 200);
    // Codes such as BAD_REQUEST or invalid_client are not sentences: keep ours as the title.
    const readableTitle = title && !/^[A-Za-z]+(?:_[A-Za-z]+)*$/.test(title) ? title : undefined;
    const { fieldErrors, messages } = readErrors({ ...json, errors: json.errors ?? inner.details });
    const detail =
      asText(json.detail) ??
      asText(json.message) ??
      asText(json.error_description) ??
      asText(json.errorMessage) ??
      (messages.length > 0 ? asString(messages.join('; ')) : undefined);
    return {
      ...base,
      title: readableTitle ?? base.title,
      detail: detail ?? readableTitle ?? base.detail,
      fieldErrors,
      requestId:
        asId(json.requestId) ??
        asId(json.request_id) ??
        asId(json.traceId) ??
        asId(json.trace_id) ??
        asId(json.correlationId) ??
        base.requestId ??
        idFromInstance(json.instance),
    };
  }
  if (/html|xml/i.test(contentType ?? '') || trimmed.startsWith('<')) {
    const what = /xml/i.test(contentType ?? '') || trimmed.startsWith('<?xml') ? 'an XML document' : 'an HTML page';
    return { ...base, detail: `${base.detail} (A gateway answered with ${what} instead of the API's JSON.)` };
  }
  // Plain text: show the first line, short, never the whole body.
  const firstLine = asString(trimmed.split(/\r?\n/)[0] ?? '', 300);
  return { ...base, detail: firstLine ?? base.detail };
}

/**
 * The error with each secret (in any encoding) replaced in every text it carries: title,
 * detail, field errors (paths and messages) and request id. Applied to whatever is returned,
 * as the last step, whatever built the error.
 */
export function redactError(error: BanqupError, secrets: readonly string[]): BanqupError {
  const redact = createRedactor(secrets);
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(error.fieldErrors)) (fieldErrors[redact(field)] ??= []).push(...messages.map(redact));
  const redacted: BanqupError = { ...error, title: redact(error.title), detail: redact(error.detail), fieldErrors };
  if (error.requestId !== undefined) redacted.requestId = redact(error.requestId);
  return redacted;
}
