import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { stampedFacts } from '@/lib/server/request-hook';
import { inRanges, isLoopback } from './cidr';
import type { AuthConfig } from './config';

/**
 * Who is asking, from what the request carries, by AUTH_MODE:
 *
 * - none: the local user, but only on a connection that arrived on a loopback address;
 * - proxy: the proxy's identity headers, believed only on a connection from TRUSTED_PROXIES
 *   (the socket's own peer address, stamped by lib/server/request-hook.ts, never a header the
 *   client could write), or a JWT the proxy signed (Cloudflare Access, Pomerium);
 * - oidc: the session cookie, looked up in the database (lib/auth/oidc.ts).
 *
 * A refusal says why, in words a team debugging its proxy can act on.
 */

export type Identity = {
  /** Stable and unique: the e-mail address (lower case) or the proxy's user name. */
  id: string;
  /** What the pages show. */
  name: string;
  email?: string;
  groups: string[];
  /** How the identity was established (for /whoami). */
  source: 'local' | 'proxy-header' | 'proxy-jwt' | 'oidc';
  /** Which header or claim it came from, for /whoami. */
  detail: string;
};

export type IdentityResult = { ok: true; identity: Identity } | { ok: false; status: 401; reason: string; signIn?: boolean };

export const LOCAL_USER: Identity = { id: 'local', name: 'Local user', groups: [], source: 'local', detail: 'AUTH_MODE=none' };

export const MAX_IDENTITY_LENGTH = 320;
const MAX_GROUPS = 200;

export function cleanText(value: string): string {
  // Control characters have no place in a name; an over-long value is refused, not cut.
  return value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

function splitGroups(value: string | null | undefined, separator: RegExp): string[] {
  if (!value) return [];
  return value
    .split(separator)
    .map((group) => cleanText(group))
    .filter(Boolean)
    .slice(0, MAX_GROUPS);
}

type HeaderSource = Pick<Headers, 'get'>;

const jwksCache = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function jwksFor(url: string) {
  let set = jwksCache.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    jwksCache.set(url, set);
  }
  return set;
}

/** The groups a token claim lists: an array of strings, or one comma-separated string. */
export function claimGroups(payload: JWTPayload, claim: string): string[] {
  const value = payload[claim];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string').map(cleanText).filter(Boolean).slice(0, MAX_GROUPS);
  if (typeof value === 'string') return splitGroups(value, /,/);
  return [];
}

/** The identity behind a request in proxy mode. */
export async function proxyIdentity(headers: HeaderSource, config: Extract<AuthConfig, { mode: 'proxy' }>): Promise<IdentityResult> {
  const facts = stampedFacts(headers);
  if (!facts) {
    return { ok: false, status: 401, reason: 'The server could not see where this request came from (its request hook is not installed), so it believes no identity header.' };
  }
  const preset = config.preset;
  const watched = [...preset.userHeaders, ...preset.emailHeaders, ...preset.nameHeaders, ...preset.groupsHeaders, ...(config.jwt ? [config.jwt.header] : [])];
  const doubled = facts.repeated.filter((name) => watched.includes(name));
  if (doubled.length > 0) {
    return { ok: false, status: 401, reason: `The identity header ${doubled.join(', ')} arrived more than once. A proxy sends it once; a second copy means someone tried to add their own.` };
  }

  if (config.jwt) {
    const token = headers.get(config.jwt.header);
    if (!token) return { ok: false, status: 401, reason: `No ${config.jwt.header} header: the request did not come through ${preset.label}.` };
    try {
      const { payload } = await jwtVerify(token, jwksFor(config.jwt.jwksUrl), { issuer: config.jwt.issuer, audience: config.jwt.audience });
      const email = typeof payload.email === 'string' ? cleanText(payload.email).toLowerCase() : undefined;
      const subject = email ?? (typeof payload.sub === 'string' ? cleanText(payload.sub) : '');
      if (!subject) return { ok: false, status: 401, reason: `The ${preset.label} token names nobody (no email or sub claim).` };
      return {
        ok: true,
        identity: { id: subject, name: email ?? subject, email, groups: claimGroups(payload, config.jwt.groupsClaim), source: 'proxy-jwt', detail: `${config.jwt.header} (verified against ${config.jwt.jwksUrl})` },
      };
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'invalid';
      return { ok: false, status: 401, reason: `The ${preset.label} token did not verify (${code}): expired, for another audience, or not signed by ${config.jwt.issuer}.` };
    }
  }

  if (!inRanges(facts.peer, config.trustedProxies)) {
    return { ok: false, status: 401, reason: `This request came straight from ${facts.peer}, which is not a trusted proxy (TRUSTED_PROXIES). Open the wizard through your team's sign-in proxy.` };
  }
  const userHeader = preset.userHeaders.find((name) => (headers.get(name) ?? '').trim() !== '');
  if (!userHeader) {
    return { ok: false, status: 401, reason: `The proxy sent no identity: none of ${preset.userHeaders.join(', ')} was set. Check that ${preset.label} passes the signed-in user's headers on.` };
  }
  const user = cleanText(headers.get(userHeader) ?? '');
  if (!user || user.length > MAX_IDENTITY_LENGTH) return { ok: false, status: 401, reason: `The ${userHeader} header is empty or too long.` };
  const emailHeader = preset.emailHeaders.find((name) => (headers.get(name) ?? '').includes('@'));
  const email = emailHeader ? cleanText(headers.get(emailHeader) ?? '').toLowerCase() : user.includes('@') ? user.toLowerCase() : undefined;
  const nameHeader = preset.nameHeaders.find((name) => (headers.get(name) ?? '').trim() !== '');
  const groupsHeader = preset.groupsHeaders.find((name) => headers.get(name) !== null);
  return {
    ok: true,
    identity: {
      id: email ?? user.toLowerCase(),
      name: nameHeader ? cleanText(headers.get(nameHeader) ?? '').slice(0, 200) || user : user,
      email,
      groups: groupsHeader ? splitGroups(headers.get(groupsHeader), preset.groupsSeparator) : [],
      source: 'proxy-header',
      detail: `${userHeader}${groupsHeader ? `, groups from ${groupsHeader}` : ''} (from ${facts.peer})`,
    },
  };
}

/** The local user in none mode: only on a connection that arrived on a loopback address. */
export function localIdentity(headers: HeaderSource): IdentityResult {
  const facts = stampedFacts(headers);
  // No stamp: no server of our own listens (tests, a custom runtime); start-up already refused
  // to listen beyond loopback in this mode.
  if (facts && facts.local && !isLoopback(facts.local)) {
    return { ok: false, status: 401, reason: `AUTH_MODE=none serves only this machine, and this request arrived on ${facts.local}. Set AUTH_MODE=proxy or AUTH_MODE=oidc to let others in.` };
  }
  return { ok: true, identity: LOCAL_USER };
}
