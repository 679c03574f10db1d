import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretKey, redactText, redactValue } from './redact';

const SECRET = 's3cr3t-client-value';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.payload.sig';

describe('redactValue', () => {
  it.each(['authorizationHeader', 'Authorization', 'authorization', 'client_secret', 'access_token', 'refresh_token', 'password', 'apiKey', 'api-key'])(
    'masks the key %s',
    (key) => {
      expect(redactValue({ [key]: 'anything', keep: 'visible' })).toEqual({ [key]: REDACTED, keep: 'visible' });
    },
  );

  it('masks secret keys at any depth, including inside arrays', () => {
    const input = {
      request: {
        headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' },
        body: {
          manifest: {
            appCallbacks: { addUrl: 'http://myapp.domain/add', security: { authorizationHeader: 'my-token' } },
          },
        },
      },
      tokens: [{ access_token: TOKEN, token_type: 'Bearer' }, [{ client_secret: 'nested-in-array' }]],
    };
    expect(redactValue(input)).toEqual({
      request: {
        headers: { Authorization: REDACTED, Accept: 'application/json' },
        body: {
          manifest: {
            appCallbacks: { addUrl: 'http://myapp.domain/add', security: { authorizationHeader: REDACTED } },
          },
        },
      },
      tokens: [{ access_token: REDACTED, token_type: 'Bearer' }, [{ client_secret: REDACTED }]],
    });
  });

  it('masks a secret key whose value is an object or a number, not only a string', () => {
    expect(redactValue({ authorization: { scheme: 'Bearer', token: TOKEN }, password: 1234 })).toEqual({
      authorization: REDACTED,
      password: REDACTED,
    });
  });

  it('replaces secret values inside other strings, wherever they appear', () => {
    const input = {
      log: `POST /token client_secret=${SECRET}&grant_type=client_credentials`,
      lines: [`first ${SECRET}`, `twice ${SECRET} and ${SECRET}`, 'clean'],
      deep: { message: `Bearer ${TOKEN} refused` },
    };
    expect(redactValue(input, [SECRET, TOKEN])).toEqual({
      log: `POST /token client_secret=${REDACTED}&grant_type=client_credentials`,
      lines: [`first ${REDACTED}`, `twice ${REDACTED} and ${REDACTED}`, 'clean'],
      deep: { message: `Bearer ${REDACTED} refused` },
    });
  });

  it('redacts a bare secret string', () => {
    expect(redactValue(SECRET, [SECRET])).toBe(REDACTED);
  });

  it('leaves other data intact', () => {
    const input = {
      applicationId: '2aa7c756-6d55-44b6-9b60-06212611cfd6',
      displayOrder: 1,
      active: true,
      nothing: null,
      missing: undefined,
      tokenType: 'Bearer',
      permissions: [{ resource: 'space', scope: 'space_read' }],
      nested: { list: [1, 'two', false, null] },
    };
    expect(redactValue(input, [SECRET])).toEqual(input);
  });

  it('leaves null and undefined secret keys as they are', () => {
    expect(redactValue({ access_token: null, client_secret: undefined })).toEqual({ access_token: null, client_secret: undefined });
  });

  it('does not mutate the input', () => {
    const input = {
      headers: { Authorization: `Bearer ${TOKEN}` },
      list: [{ access_token: TOKEN }, `text with ${SECRET}`],
    };
    const before = structuredClone(input);
    const output = redactValue(input, [SECRET]);
    expect(input).toEqual(before);
    expect(output).not.toBe(input);
    expect(output.headers).not.toBe(input.headers);
    expect(output.list).not.toBe(input.list);
    expect(output.list[0]).not.toBe(input.list[0]);
  });

  it.each([null, undefined, 0, 42, true])('passes %j through', (value) => {
    expect(redactValue(value, [SECRET])).toBe(value);
  });
});

describe('redactText', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactText(`a ${SECRET} b ${TOKEN} c ${SECRET}`, [SECRET, TOKEN])).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
  });

  it.each(['', 'a', 'ab', 'abc'])('ignores the too-short secret %j', (secret) => {
    const text = 'a cab, a bab and abc';
    expect(redactText(text, [secret])).toBe(text);
  });

  it('replaces a secret of exactly 4 characters', () => {
    expect(redactText('pin abcd here', ['abcd'])).toBe(`pin ${REDACTED} here`);
  });

  it('returns text without secrets unchanged', () => {
    expect(redactText('nothing to hide', [SECRET])).toBe('nothing to hide');
    expect(redactText('nothing to hide', [])).toBe('nothing to hide');
  });
});

describe('isSecretKey', () => {
  it.each(['authorizationHeader', 'AUTHORIZATION', 'client_secret', 'access_token', 'token', 'secret', 'api_key'])('%s is secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['tokenType', 'token_type', 'secretName', 'authorizationUrl', 'clientId', 'expires_in', 'scope'])('%s is not secret', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});
