import 'server-only';
import { JSON_MAX_BYTES } from '@/lib/banqup/limits';
import { json } from '../responses';
import { HttpError, readBody, safeEqual, type SandboxContext } from '../request';
import * as store from '../store';

/** Scopes the sandbox grants to every token: what the recipe's steps need. */
export const SANDBOX_SCOPES = 'store_read store_write';

/** Lets the call through with the configured static token or one the sandbox issued; else 401. */
export async function authorize({ request, db, config }: SandboxContext): Promise<void> {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  const token = match?.[1];
  if (token && (safeEqual(token, config.token) || (await store.isIssuedTokenValid(db, token)))) return;
  throw new HttpError(401, token ? 'The bearer token is invalid or expired.' : 'Send an Authorization: Bearer <token> header.');
}

const oauthError = (status: number, error: string, description: string) =>
  json({ error, error_description: description }, status, status === 401 ? { 'www-authenticate': 'Basic realm="sandbox"' } : {});

// RFC 6749 §2.3.1: id and secret are form-urlencoded before base64 (a space is a +).
const formDecode = (value: string) => {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return '';
  }
};

/** POST /oauth/token: client credentials (in the form or as HTTP Basic) for a bearer token. */
export async function oauthToken({ request, db, config }: SandboxContext): Promise<Response> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? '')) {
    return oauthError(400, 'invalid_request', 'Send the token request as application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(new TextDecoder().decode(await readBody(request, JSON_MAX_BYTES)));
  if (form.get('grant_type') !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
  }
  let clientId = form.get('client_id') ?? '';
  let clientSecret = form.get('client_secret') ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return oauthError(401, 'invalid_client', 'The Basic credentials are not id:secret.');
    clientId = formDecode(decoded.slice(0, colon));
    clientSecret = formDecode(decoded.slice(colon + 1));
  }
  if (!safeEqual(clientId, config.clientId) || !safeEqual(clientSecret, config.clientSecret)) {
    return oauthError(401, 'invalid_client', 'Unknown client or wrong secret.');
  }
  const token = await store.issueToken(db, clientId, SANDBOX_SCOPES, config.tokenTtlSeconds);
  return json(
    { access_token: token, token_type: 'Bearer', expires_in: config.tokenTtlSeconds, scope: SANDBOX_SCOPES },
    200,
    { 'cache-control': 'no-store' },
  );
}
