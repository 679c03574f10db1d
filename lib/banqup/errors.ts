/**
 * The one error type every failed Banqup call becomes, whatever the API, a gateway or the
 * network answered. It carries what a developer can act on, and never a credential.
 */
export type BanqupErrorKind =
  | 'http' // the API answered with an error status
  | 'network' // no answer: connection refused, reset, DNS
  | 'timeout' // no answer in time
  | 'invalid_response' // a 2xx whose body does not match the recipe
  | 'auth' // no token could be obtained
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
  415: 'Banqup does not accept this type of content.',
  429: 'Banqup is rate limiting requests. Wait a moment and try again.',
};

export function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Server Error' : `HTTP ${status}`);
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

type Json = Record<string, unknown>;
const asString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

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

/** Field errors come as [{field, message}], [{path|property|name, defaultMessage|reason}] or {field: msg|msg[]}. */
function readFieldErrors(body: Json): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  const add = (field: unknown, message: unknown) => {
    const key = toFieldPath(asString(field));
    const text = asString(message);
    if (!key || !text) return;
    (fieldErrors[key] ??= []).push(text);
  };
  for (const source of [body.errors, body.fieldErrors, body.violations, body.invalidParams, body['invalid-params']]) {
    if (Array.isArray(source)) {
      for (const entry of source) {
        if (entry && typeof entry === 'object') {
          const item = entry as Json;
          add(item.field ?? item.path ?? item.property ?? item.propertyPath ?? item.name ?? item.pointer, item.message ?? item.defaultMessage ?? item.reason ?? item.detail);
        }
      }
    } else if (source && typeof source === 'object') {
      for (const [field, messages] of Object.entries(source as Json)) {
        for (const message of Array.isArray(messages) ? messages : [messages]) add(field, message);
      }
    }
  }
  return fieldErrors;
}

/**
 * Turns an error answer into a BanqupError: RFC 9457 problem details, Banqup's own
 * `{status, error, timestamp, title, detail, requestId}`, an HTML gateway page or nothing.
 */
export function errorFromResponse(status: number, contentType: string | null, text: string, headerRequestId?: string | null): BanqupError {
  const base: BanqupError = {
    kind: 'http',
    status,
    title: statusTitle(status),
    detail: STATUS_DETAILS[status] ?? (status >= 500 ? 'Banqup had a problem answering. Trying again later may work.' : 'Banqup refused the request.'),
    fieldErrors: {},
    requestId: headerRequestId ?? undefined,
    retryable: isRetryableStatus(status),
  };
  const trimmed = text.trim();
  if (trimmed === '') return base;

  let body: unknown;
  if (/json/i.test(contentType ?? '') || trimmed.startsWith('{')) {
    try {
      body = JSON.parse(trimmed);
    } catch {
      body = undefined;
    }
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const json = body as Json;
    const title = asString(json.title) ?? asString(json.error);
    // Codes such as BAD_REQUEST or invalid_client are not sentences: keep ours as the title.
    const readableTitle = title && !/^[A-Za-z]+(?:_[A-Za-z]+)*$/.test(title) ? title : undefined;
    const detail = asString(json.detail) ?? asString(json.message) ?? asString(json.error_description);
    return {
      ...base,
      title: readableTitle ?? base.title,
      detail: detail ?? readableTitle ?? base.detail,
      fieldErrors: readFieldErrors(json),
      requestId: asString(json.requestId) ?? asString(json.traceId) ?? asString(json.correlationId) ?? base.requestId,
    };
  }
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html)/i.test(trimmed)) {
    return { ...base, detail: `${base.detail} (A gateway answered with an HTML page instead of the API's JSON.)` };
  }
  // Plain text: show the first line, short, never the whole body.
  const firstLine = trimmed.split(/\r?\n/)[0]?.slice(0, 300) ?? '';
  return { ...base, detail: firstLine || base.detail };
}

/** A readable one-liner of an error, for toasts and logs. */
export function describeError(error: BanqupError): string {
  const status = error.status ? `${error.status} ${error.title}` : error.title;
  const requestId = error.requestId ? ` (request id ${error.requestId})` : '';
  return `${status}: ${error.detail}${requestId}`;
}
