/** The error bodies met beyond the recipe: more shapes of Banqup's own JSON, gateways, RFC 6750 headers. */
import { describe, expect, it } from 'vitest';
import { errorFromResponse } from './errors';

const json = (status: number, body: unknown, requestId?: string | null, wwwAuthenticate?: string | null) =>
  errorFromResponse(status, 'application/json', JSON.stringify(body), requestId, wwwAuthenticate);

describe("Banqup's own error body", () => {
  it('reads the full shape: status, error code, timestamp, title, detail, requestId, type, instance', () => {
    const error = json(400, {
      status: 400,
      error: 'BAD_REQUEST',
      timestamp: '2026-04-16T13:03:36.123Z',
      title: 'Bad Request',
      detail: 'The request body is invalid.',
      requestId: 'req-7f3a',
      type: 'https://api.banqup.example/problems/validation',
      instance: '/servicemngmt/v2/applications/2aa7c756-6d55-44b6-9b60-06212611cfd6/infoLocalizations',
      fieldErrors: [{ field: 'locales[0].displayName', rejectedValue: '', message: 'must not be blank' }],
    });
    expect(error).toEqual({
      kind: 'http',
      status: 400,
      title: 'Bad Request',
      detail: 'The request body is invalid.',
      fieldErrors: { 'locales.0.displayName': ['must not be blank'] },
      requestId: 'req-7f3a',
      retryable: false,
    });
  });

  it('takes the request id from `instance` when it is an id, not a path', () => {
    expect(json(500, { instance: 'urn:uuid:0c1d7e3a-5b5e-4c8e-9d7f-3e2a1b0c9d8e' }).requestId).toBe('0c1d7e3a-5b5e-4c8e-9d7f-3e2a1b0c9d8e');
    expect(json(500, { instance: 'a1b2c3d4e5' }).requestId).toBe('a1b2c3d4e5');
    expect(json(500, { instance: '/servicemngmt/v1/applications/x/brands' }).requestId).toBeUndefined();
    expect(json(500, { instance: 'https://api.example.com/errors/1' }).requestId).toBeUndefined();
    // An explicit id, in the body or a header, wins over one read from instance.
    expect(json(500, { instance: 'urn:uuid:aaa', requestId: 'body-id' }).requestId).toBe('body-id');
    expect(json(500, { instance: 'urn:uuid:aaa' }, 'header-id').requestId).toBe('header-id');
  });

  it('reads request ids given as numbers or in snake case', () => {
    expect(json(500, { requestId: 42 }).requestId).toBe('42');
    expect(json(500, { request_id: 'r-1' }).requestId).toBe('r-1');
    expect(json(500, { trace_id: 't-1' }).requestId).toBe('t-1');
  });

  it('joins a `message` list into the detail', () => {
    const error = json(400, { statusCode: 400, message: ['displayName should not be empty', 'locale must be a BCP 47 tag'], error: 'Bad Request' });
    expect(error.detail).toBe('displayName should not be empty; locale must be a BCP 47 tag');
    expect(error.title).toBe('Bad Request');
  });

  it('reads `errors` as a list of strings: "field: message" onto the field, the rest into the detail', () => {
    const error = json(400, { title: 'Bad Request', errors: ['displayName: must not be blank', 'manifest.serviceAccount: must be a UUID', 'The app is locked for review.'] });
    expect(error.fieldErrors).toEqual({ displayName: ['must not be blank'], 'manifest.serviceAccount': ['must be a UUID'] });
    expect(error.detail).toBe('The app is locked for review.');
  });

  it('does not take a capitalised "Error: ..." for a field', () => {
    const error = json(400, { errors: ['Error: something failed'] });
    expect(error.fieldErrors).toEqual({});
    expect(error.detail).toBe('Error: something failed');
  });

  it('flattens nested fieldErrors objects into dot paths, lists of objects by index', () => {
    const error = json(400, {
      detail: 'Invalid manifest',
      fieldErrors: {
        manifest: {
          serviceAccount: ['must be a UUID'],
          appCallbacks: { addUrl: 'must be an https URL' },
          accessManagement: { permissions: [{ scope: ['must not be blank'] }, { resource: 'unknown resource' }] },
        },
        version: [{ message: 'already exists', code: 'Duplicate' }],
      },
    });
    expect(error.fieldErrors).toEqual({
      'manifest.serviceAccount': ['must be a UUID'],
      'manifest.appCallbacks.addUrl': ['must be an https URL'],
      'manifest.accessManagement.permissions.0.scope': ['must not be blank'],
      'manifest.accessManagement.permissions.1.resource': ['unknown resource'],
      version: ['already exists'],
    });
  });

  it('keeps recipe fields named like entry keys (name, description) as fields', () => {
    const error = json(400, { fieldErrors: { name: ['must not be blank'], namespace: 'taken', description: ['too short'] } });
    expect(error.fieldErrors).toEqual({ name: ['must not be blank'], namespace: ['taken'], description: ['too short'] });
  });

  it('reads RFC 9457 invalid-params {name, reason} and entries whose message is a list', () => {
    const error = json(400, { 'invalid-params': [{ name: 'locale', reason: 'unknown' }], errors: [{ field: 'displayName', messages: 'x', message: ['too long', 'has markup'] }] });
    expect(error.fieldErrors).toEqual({ locale: ['unknown'], displayName: ['too long', 'has markup'] });
  });

  it('unwraps an `error` object {code, message, details}', () => {
    const error = json(400, { error: { code: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.', details: [{ field: 'brandName', message: 'unknown brand' }] } });
    expect(error.detail).toBe('Request contains an invalid argument.');
    expect(error.title).toBe('Bad Request');
    expect(error.fieldErrors).toEqual({ brandName: ['unknown brand'] });
  });

  it('reads a bare list of errors and a bare JSON string', () => {
    expect(json(400, [{ field: 'spaceType', message: 'not offered' }]).fieldErrors).toEqual({ spaceType: ['not offered'] });
    expect(json(503, 'Maintenance until 14:00 UTC').detail).toBe('Maintenance until 14:00 UTC');
  });

  it('never shows markup stuffed into a JSON field, nor control characters', () => {
    expect(json(502, { detail: '<html><body><h1>502</h1></body></html>' }).detail).toBe('Banqup had a problem answering. Trying again later may work.');
    const error = json(502, { detail: '<html><body><h1>502</h1></body></html>', title: 'Bad\u0007 Gateway!' });
    expect(error.title).toBe('Bad Gateway!');
    expect(error.detail).toBe('Bad Gateway!');
  });

  it('cuts an endless detail', () => {
    expect(json(400, { detail: 'y'.repeat(5_000) }).detail).toHaveLength(1_000);
  });

  it('caps the number of field messages kept', () => {
    const errors = Array.from({ length: 500 }, (_, index) => ({ field: `f${index}`, message: 'bad' }));
    expect(Object.keys(json(400, { errors }).fieldErrors)).toHaveLength(100);
  });
});

describe('gateway answers', () => {
  it('an XML error document is described, not shown', () => {
    const error = errorFromResponse(403, 'application/xml', '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Denied</Message></Error>');
    expect(error.detail).toMatch(/XML document/);
    expect(error.detail).not.toContain('<');
  });

  it('an HTML page without a content type is recognised by its first character', () => {
    expect(errorFromResponse(504, null, '<head><title>504</title></head>').detail).toMatch(/HTML page/);
  });
});

describe('WWW-Authenticate (RFC 6750)', () => {
  it('explains an empty 401 invalid_token from its error_description', () => {
    const error = errorFromResponse(401, null, '', null, 'Bearer realm="banqup", error="invalid_token", error_description="The access token expired"');
    expect(error.detail).toBe('The access token expired');
  });

  it('explains an empty 401 invalid_token without a description', () => {
    expect(errorFromResponse(401, null, '', null, 'Bearer error="invalid_token"').detail).toMatch(/expired or was revoked/);
  });

  it('names the scope of a 403 insufficient_scope', () => {
    const error = errorFromResponse(403, null, '', null, 'Bearer error="insufficient_scope", scope="store_write"');
    expect(error.detail).toBe('The access token lacks a scope this call needs: store_write.');
  });

  it("lets the body's own detail win over the header", () => {
    const error = json(401, { status: 401, error: 'UNAUTHORIZED', detail: 'Token expired at 13:00' }, null, 'Bearer error="invalid_token"');
    expect(error.detail).toBe('Token expired at 13:00');
  });
});
