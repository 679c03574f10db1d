/**
 * OAuth2 client credentials as token endpoints take them, and the scopes the wizard needs.
 * Shared by the app's token provider (token.ts) and the connection check (which `npm run
 * doctor` runs too), so both authenticate the same way.
 */

export type TokenAuth = 'body' | 'basic';

/** When a token endpoint states no lifetime (expires_in), the app assumes this one. */
export const DEFAULT_TOKEN_LIFETIME_S = 300;

/** What the steps need: every call of the recipe writes to the Banqup Store. */
export const REQUIRED_SCOPES: readonly string[] = Object.freeze(['store_write']);

/** application/x-www-form-urlencoded encoding of one value (space as +, as URLSearchParams does). */
export function formUrlEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice('v='.length);
}

/**
 * HTTP Basic credentials for a token endpoint. NOTE: RFC 6749 §2.3.1 has the client id and
 * secret form-urlencoded *before* base64, so a secret with ':' '+' '%' or spaces survives.
 */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`, 'utf8').toString('base64')}`;
}

/**
 * The request for a client-credentials token: grant_type=client_credentials, form-encoded,
 * with the credentials in the body (tokenAuth 'body', RFC 6749 §2.3.1's alternative) or as
 * HTTP Basic ('basic', the method every server must support).
 */
export function tokenRequestInit({
  clientId,
  clientSecret,
  scope,
  tokenAuth = 'body',
}: {
  clientId: string;
  clientSecret: string;
  scope?: string;
  tokenAuth?: TokenAuth;
}): { method: 'POST'; headers: Record<string, string>; body: string } {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (tokenAuth === 'basic') {
    headers.authorization = basicAuthorization(clientId, clientSecret);
  } else {
    body.set('client_id', clientId);
    body.set('client_secret', clientSecret);
  }
  if (scope) body.set('scope', scope);
  return { method: 'POST', headers, body: body.toString() };
}

/**
 * The scopes a token response grants: RFC 6749's space-separated `scope`; some gateways
 * send commas or a JSON array. undefined when none are stated (nothing can be checked).
 */
export function parseScopes(value: unknown): string[] | undefined {
  const list: string[] = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const scopes = list.map((scope) => scope.trim()).filter((scope) => scope !== '');
  return scopes.length > 0 ? [...new Set(scopes)] : undefined;
}

/**
 * Whether `granted` covers `required`: the scope itself, or the scope as the last part of a
 * URI- or namespace-style name (`https://api.example.com/store_write`, `banqup:store_write`).
 */
export function grants(granted: readonly string[], required: string): boolean {
  return granted.some((scope) => scope === required || (scope.endsWith(required) && /[/:.]/.test(scope.charAt(scope.length - required.length - 1))));
}

/** The required scopes a token lacks; none when the token states no scopes (unknown is not missing). */
export function missingScopes(granted: readonly string[] | undefined, required: readonly string[] = REQUIRED_SCOPES): string[] {
  if (!granted) return [];
  return required.filter((scope) => !grants(granted, scope));
}
