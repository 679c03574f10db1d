import { claimGroups, cleanText, MAX_IDENTITY_LENGTH } from './identity';
import type { SessionIdentity } from './sessions';

type Claims = Record<string, unknown>;

/**
 * The claim naming the groups: its exact name first (Auth0 and others use URLs, dots included,
 * as claim names), else a dotted path into nested claims (Keycloak's `realm_access.roles`).
 */
function groupsOf(claims: Claims, groupsClaim: string): string[] {
  if (groupsClaim in claims) return claimGroups(claims, groupsClaim);
  let value: unknown = claims;
  for (const key of groupsClaim.split('.')) {
    value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Claims)[key] : undefined;
  }
  return claimGroups({ groups: value }, 'groups');
}

/**
 * The person the provider signed in, from the ID token's claims merged with the userinfo
 * answer: id = e-mail (lower case) or else `sub`; name = `name`, else the e-mail, else
 * `preferred_username`, else `sub`.
 *
 * An e-mail the provider marks as unverified (`email_verified: false`) is not used: ROLE_*
 * may name people by e-mail, and some providers let anyone type any address. Providers that
 * do not send `email_verified` at all (Entra ID) vouch for the address by issuing it.
 */
export function identityFromClaims(claims: Claims, { issuer, groupsClaim }: { issuer: string; groupsClaim: string }): { ok: true; identity: SessionIdentity } | { ok: false; reason: string } {
  const subject = typeof claims.sub === 'string' ? cleanText(claims.sub) : '';
  if (!subject || subject.length > MAX_IDENTITY_LENGTH) return { ok: false, reason: 'The provider named nobody (its ID token has no usable sub claim).' };
  const rawEmail = typeof claims.email === 'string' ? cleanText(claims.email).toLowerCase() : '';
  const email = rawEmail.includes('@') && rawEmail.length <= MAX_IDENTITY_LENGTH && claims.email_verified !== false ? rawEmail : undefined;
  const text = (claim: unknown) => (typeof claim === 'string' ? cleanText(claim).slice(0, 200) : '');
  const name = text(claims.name) || email || text(claims.preferred_username) || subject;
  return { ok: true, identity: { id: email ?? subject, name, email, groups: groupsOf(claims, groupsClaim), issuer, subject } };
}
