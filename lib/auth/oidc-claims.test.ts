import { describe, expect, it } from 'vitest';
import { identityFromClaims } from './oidc-claims';

const options = { issuer: 'https://login.example.com', groupsClaim: 'groups' };

describe('identityFromClaims', () => {
  it('takes the e-mail (lower case) as id, the name claim as name, groups from the claim', () => {
    const result = identityFromClaims({ sub: 's-1', email: 'Rita@Example.COM', email_verified: true, name: 'Rita Reviewer', groups: ['store-reviewers', 42, ''] }, options);
    expect(result).toEqual({
      ok: true,
      identity: { id: 'rita@example.com', name: 'Rita Reviewer', email: 'rita@example.com', groups: ['store-reviewers'], issuer: options.issuer, subject: 's-1' },
    });
  });

  it('falls back to sub without an e-mail, and to the e-mail, preferred_username or sub as name', () => {
    expect(identityFromClaims({ sub: 's-2' }, options)).toMatchObject({ ok: true, identity: { id: 's-2', name: 's-2', groups: [] } });
    expect(identityFromClaims({ sub: 's-3', preferred_username: 'ed' }, options)).toMatchObject({ ok: true, identity: { id: 's-3', name: 'ed' } });
    expect(identityFromClaims({ sub: 's-4', email: 'ed@example.com' }, options)).toMatchObject({ ok: true, identity: { id: 'ed@example.com', name: 'ed@example.com' } });
  });

  it('does not use an e-mail the provider marks unverified', () => {
    const result = identityFromClaims({ sub: 's-5', email: 'admin@example.com', email_verified: false }, options);
    expect(result).toMatchObject({ ok: true, identity: { id: 's-5', email: undefined } });
  });

  it('reads groups given as a comma-separated string, under another claim name, or nested', () => {
    expect(identityFromClaims({ sub: 's', groups: 'a, b,,c' }, options)).toMatchObject({ identity: { groups: ['a', 'b', 'c'] } });
    expect(identityFromClaims({ sub: 's', roles: ['x'] }, { ...options, groupsClaim: 'roles' })).toMatchObject({ identity: { groups: ['x'] } });
    expect(identityFromClaims({ sub: 's', realm_access: { roles: ['r1', 'r2'] } }, { ...options, groupsClaim: 'realm_access.roles' })).toMatchObject({ identity: { groups: ['r1', 'r2'] } });
    expect(identityFromClaims({ sub: 's', 'https://example.com/groups': ['ns'] }, { ...options, groupsClaim: 'https://example.com/groups' })).toMatchObject({ identity: { groups: ['ns'] } });
  });

  it('refuses a token without a usable sub, and strips control characters', () => {
    expect(identityFromClaims({ email: 'x@example.com' }, options)).toMatchObject({ ok: false });
    expect(identityFromClaims({ sub: 's', name: 'Ri\u0000ta\n' }, options)).toMatchObject({ identity: { name: 'Rita' } });
  });
});
