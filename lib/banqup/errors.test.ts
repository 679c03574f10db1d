import { describe, expect, it } from 'vitest';
import { errorFromResponse, isRetryableStatus, statusTitle } from './errors';

const NGINX_502 = `<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
<script>alert("x")</script>
</body>
</html>`;

describe('errorFromResponse', () => {
  it('reads an RFC 9457 problem+json body with errors [{field, message}]', () => {
    const body = {
      type: 'https://problems.example/validation',
      title: 'Your request is not valid',
      status: 400,
      detail: 'Two fields are invalid.',
      instance: '/servicemngmt/v2/applications/2aa7c756-6d55-44b6-9b60-06212611cfd6/infoLocalizations',
      errors: [
        { field: 'locale', message: 'must be a BCP 47 language tag' },
        { field: 'displayName', message: 'must not be blank' },
        { field: 'displayName', message: 'is too long' },
      ],
    };
    const error = errorFromResponse(400, 'application/problem+json', JSON.stringify(body));
    expect(error).toEqual({
      kind: 'http',
      status: 400,
      title: 'Your request is not valid',
      detail: 'Two fields are invalid.',
      fieldErrors: {
        locale: ['must be a BCP 47 language tag'],
        displayName: ['must not be blank', 'is too long'],
      },
      requestId: undefined,
      retryable: false,
    });
  });

  it("reads Banqup's own error body with fieldErrors and requestId", () => {
    const body = {
      status: 400,
      error: 'BAD_REQUEST',
      timestamp: '2026-04-16T13:03:36Z',
      title: 'Bad Request',
      detail: 'displayName must not be blank',
      requestId: 'abc-123',
      fieldErrors: [{ field: 'displayName', message: 'must not be blank' }],
    };
    const error = errorFromResponse(400, 'application/json', JSON.stringify(body));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(400);
    expect(error.title).toBe('Bad Request');
    expect(error.detail).toBe('displayName must not be blank');
    expect(error.requestId).toBe('abc-123');
    expect(error.fieldErrors).toEqual({ displayName: ['must not be blank'] });
    expect(error.retryable).toBe(false);
  });

  it('prefers the body request id to the header one', () => {
    const error = errorFromResponse(400, 'application/json', JSON.stringify({ requestId: 'from-body' }), 'from-header');
    expect(error.requestId).toBe('from-body');
  });

  it('keeps the header request id when a JSON body has none', () => {
    const error = errorFromResponse(409, 'application/json', JSON.stringify({ detail: 'Locale already exists' }), 'req-42');
    expect(error.requestId).toBe('req-42');
    expect(error.detail).toBe('Locale already exists');
    expect(error.title).toBe('Conflict');
  });

  it.each([
    ['traceId', { traceId: 'trace-1' }, 'trace-1'],
    ['correlationId', { correlationId: 'corr-1' }, 'corr-1'],
  ])('reads the request id from %s', (_key, body, expected) => {
    expect(errorFromResponse(500, 'application/json', JSON.stringify(body)).requestId).toBe(expected);
  });

  it('reads an object-map errors shape {field: [messages]}', () => {
    const error = errorFromResponse(422, 'application/json', JSON.stringify({ errors: { displayName: ['too long'] } }));
    expect(error.fieldErrors).toEqual({ displayName: ['too long'] });
    expect(error.title).toBe('Unprocessable Entity');
    expect(error.detail).toBe('Banqup refused the request.');
  });

  it('reads an object-map errors shape with a single message string', () => {
    const error = errorFromResponse(400, 'application/json', JSON.stringify({ errors: { locale: 'unknown locale', description: '' } }));
    expect(error.fieldErrors).toEqual({ locale: ['unknown locale'] });
  });

  it('reads Spring-style violations and strips body./request. prefixes and [n] indexes', () => {
    const body = {
      violations: [
        { propertyPath: 'body.manifest.accessManagement.permissions[1].scope', defaultMessage: 'must not be blank' },
        { path: 'request.version', reason: 'not a semantic version' },
        { property: '$.manifest.serviceAccount', message: 'must be a UUID' },
      ],
    };
    const error = errorFromResponse(400, 'application/json', JSON.stringify(body));
    expect(error.fieldErrors).toEqual({
      'manifest.accessManagement.permissions.1.scope': ['must not be blank'],
      version: ['not a semantic version'],
      'manifest.serviceAccount': ['must be a UUID'],
    });
  });

  it('does not cut "request"/"body" out of field names that merely begin with them', () => {
    const body = { errors: [{ field: 'requestedDate', message: 'invalid' }, { field: 'bodyText', message: 'too long' }] };
    const error = errorFromResponse(400, 'application/json', JSON.stringify(body));
    expect(error.fieldErrors).toEqual({ requestedDate: ['invalid'], bodyText: ['too long'] });
  });

  it('turns an RFC 9457 JSON pointer into the dot-separated field path', () => {
    // RFC 9457 §3's own example of an extension member: errors [{detail, pointer: "#/age"}].
    const body = { title: 'Invalid', errors: [{ pointer: '#/manifest/serviceAccount', detail: 'must be a UUID' }] };
    const error = errorFromResponse(400, 'application/problem+json', JSON.stringify(body));
    expect(error.fieldErrors).toEqual({ 'manifest.serviceAccount': ['must be a UUID'] });
  });

  it('ignores field errors without a field or a message', () => {
    const body = { errors: [{ field: '', message: 'x' }, { field: 'locale' }, null, 'oops', { field: 'version', message: '  ' }] };
    expect(errorFromResponse(400, 'application/json', JSON.stringify(body)).fieldErrors).toEqual({});
  });

  it('ignores an all-caps error code as a title and falls back to the status title', () => {
    const error = errorFromResponse(404, 'application/json', JSON.stringify({ error: 'NOT_FOUND' }));
    expect(error.title).toBe('Not Found');
    expect(error.detail).toBe('Banqup does not know this application or endpoint. Check the applicationId.');
  });

  it('reads an OAuth error_description', () => {
    const error = errorFromResponse(401, 'application/json', JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed' }));
    expect(error.detail).toBe('Client authentication failed');
    expect(error.status).toBe(401);
  });

  it('parses a JSON body sent without a JSON content type', () => {
    const error = errorFromResponse(400, 'text/plain', '  {"detail":"locale is required"}  ');
    expect(error.detail).toBe('locale is required');
  });

  it.each([
    ['text/html; charset=utf-8', NGINX_502],
    [null, NGINX_502],
    ['text/html', '<html><body><h1>Bad gateway</h1></body></html>'],
  ])('an HTML gateway page (%s) is described, never shown', (contentType, html) => {
    const error = errorFromResponse(502, contentType, html);
    expect(error.status).toBe(502);
    expect(error.title).toBe('Bad Gateway');
    expect(error.detail).toMatch(/HTML/);
    expect(error.detail).not.toMatch(/<\/?[a-z!][^>]*>/i);
    expect(error.detail).not.toContain('nginx');
    expect(error.detail).not.toContain('alert');
    expect(error.retryable).toBe(true);
    expect(error.fieldErrors).toEqual({});
  });

  it.each(['', '   \n\t '])('an empty body 502 (%j) is retryable with a generic detail', (text) => {
    const error = errorFromResponse(502, null, text);
    expect(error).toMatchObject({ kind: 'http', status: 502, title: 'Bad Gateway', retryable: true, fieldErrors: {} });
    expect(error.detail).toMatch(/again/i);
    expect(error.detail.length).toBeGreaterThan(10);
    expect(error.requestId).toBeUndefined();
  });

  it('an empty body 400 is not retryable and gets a generic refusal', () => {
    const error = errorFromResponse(400, 'application/json', '');
    expect(error).toMatchObject({ status: 400, title: 'Bad Request', detail: 'Banqup refused the request.', retryable: false });
  });

  it.each([
    [401, /credentials/],
    [403, /scope/],
    [404, /applicationId/],
    [413, /larger/],
    [415, /type of content/],
    [429, /rate limiting/],
  ])('an empty %i gets its own explanation', (status, detail) => {
    expect(errorFromResponse(status, null, '').detail).toMatch(detail);
  });

  it('takes the request id from the header when the body has none', () => {
    expect(errorFromResponse(503, null, '', 'req-from-header').requestId).toBe('req-from-header');
    expect(errorFromResponse(502, 'text/html', NGINX_502, 'req-html').requestId).toBe('req-html');
    expect(errorFromResponse(500, 'text/plain', 'oops', 'req-text').requestId).toBe('req-text');
  });

  it('treats a null header request id as none', () => {
    expect(errorFromResponse(500, null, '', null).requestId).toBeUndefined();
  });

  it('shows only the first line of a plain text body', () => {
    const error = errorFromResponse(500, 'text/plain', 'Database unavailable\n  at Pool.connect (pool.js:12)\n  at main.js:3');
    expect(error.detail).toBe('Database unavailable');
    expect(error.title).toBe('Internal Server Error');
    expect(error.retryable).toBe(true);
  });

  it('shows only the first line of a plain text body with CRLF line ends, without the CR', () => {
    const error = errorFromResponse(500, 'text/plain', 'Database unavailable\r\nat Pool.connect');
    expect(error.detail).toBe('Database unavailable');
  });

  it('cuts a long plain text line to 300 characters', () => {
    const error = errorFromResponse(400, 'text/plain', 'x'.repeat(1_000));
    expect(error.detail).toBe('x'.repeat(300));
  });

  it('falls back to plain text when a JSON content type carries invalid JSON', () => {
    const error = errorFromResponse(500, 'application/json', '{not json');
    expect(error.detail).toBe('{not json');
    expect(error.fieldErrors).toEqual({});
  });

  it.each([
    [418, 'HTTP 418'],
    [507, 'Server Error'],
    [400, 'Bad Request'],
    [504, 'Gateway Timeout'],
  ])('statusTitle(%i) is %s', (status, title) => {
    expect(statusTitle(status)).toBe(title);
    expect(errorFromResponse(status, null, '').title).toBe(title);
  });
});

describe('isRetryableStatus', () => {
  it.each([429, 500, 502, 503, 504])('%i is retryable', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
    expect(errorFromResponse(status, null, '').retryable).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 413, 422])('%i is not retryable', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
    expect(errorFromResponse(status, null, '').retryable).toBe(false);
  });
});
