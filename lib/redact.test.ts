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

/** Every form in which an answer may quote a secret: what no redacted text may contain. */
function encodings(secret: string): string[] {
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const base64url = (text: string) => base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return [
    secret,
    JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
    secret.replace(/\//g, '\\/').replace(/\+/g, '\\u002B'),
    [...secret].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
    encodeURIComponent(secret),
    new URLSearchParams({ v: secret }).toString().slice(2),
    base64(secret),
    base64url(secret),
    base64(`Bearer ${secret}`),
    base64url(`Bearer ${secret}`),
  ];
}

describe('redaction of encoded secrets', () => {
  // `/` and `+` so that JSON and URL escaping matter; a space so that form encoding does.
  const TOKEN_WITH_SLASHES = 'eyJ0/tok+en/with+slashes==';
  const HEADER = 'cb/secret+4410==';
  const SPACED = 'my secret/value+1';

  it.each([TOKEN_WITH_SLASHES, HEADER, SPACED])('finds %s in every encoding, keeping the words around it', (secret) => {
    for (const encoded of encodings(secret)) {
      expect(redactText(`before ${encoded} after`, [secret])).toBe(`before ${REDACTED} after`);
    }
  });

  it('finds a secret JSON-escaped in any mixture: \\/ and \\uXXXX for any character, upper or lower case, escaped twice', () => {
    for (const text of [
      'cb\\/secret\\u002b4410==',
      'c\\u0062\\/se\\u0063ret+4410\\u003D=',
      'cb\\\\/secret\\\\u002B4410==',
      '"cb\\/secret\\u002B4410\\u003d\\u003d"',
    ]) {
      expect(redactText(`detail: ${text}.`, [HEADER])).not.toMatch(/secret|4410/);
    }
  });

  it('finds a secret URL-encoded in lower case, twice, or as an HTML character reference', () => {
    for (const text of ['cb%2fsecret%2b4410%3d%3d', 'cb%252Fsecret%252B4410%253D%253D', 'cb&#47;secret&#x2B;4410&#61;&#61;']) {
      expect(redactText(`x ${text} y`, [HEADER])).toBe(`x ${REDACTED} y`);
    }
  });

  it('finds the secret inside longer base64: HTTP Basic credentials id:secret, whatever its offset', () => {
    for (const prefix of ['client-a:', 'ab:', 'a:', 'Token ']) {
      const encoded = Buffer.from(`${prefix}${TOKEN_WITH_SLASHES}`).toString('base64');
      const redacted = redactText(`Basic ${encoded}`, [TOKEN_WITH_SLASHES]);
      expect(redacted).toContain(REDACTED);
      // At most two bytes of the secret at each end can stay (they share a base64 group with other bytes).
      expect(redacted.length).toBeLessThan(`Basic ${encoded}`.length - 16);
    }
  });

  it('keys of a decoded value are redacted too, and the journal stays readable', () => {
    const decoded = { errors: { [`token ${HEADER}`]: [`value ${HEADER} refused`] }, detail: 'Invalid header', status: 400 };
    expect(redactValue(decoded, [HEADER])).toEqual({ errors: { [`token ${REDACTED}`]: [`value ${REDACTED} refused`] }, detail: 'Invalid header', status: 400 });
  });

  it('leaves text without the secret exactly as it was, escapes and all', () => {
    const text = 'a\\/b \\u002B %2F %zz &amp; &#x2F; \\\\ \\n cb/secret+4411== Y2Iv';
    expect(redactText(text, [HEADER])).toBe(text);
  });

  it('still ignores secrets shorter than 4 characters, in every encoding', () => {
    expect(redactText('a%2Fb a\\/b YS9i', ['a/b'])).toBe('a%2Fb a\\/b YS9i');
  });
});
