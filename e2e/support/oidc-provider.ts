// First: it quiets the provider's expected warnings before the provider is loaded.
import './quiet-oidc-warnings';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { freePort } from './spawn-server';

/**
 * A real OpenID provider for the tests (the `oidc-provider` package) on a free port of
 * 127.0.0.1, reached as http://localhost:<port>: another site than the app on 127.0.0.1, so
 * SameSite is at work as it is in production.
 *
 * Its development login form takes any login and password. The login names the person:
 * `<login>@example.com`, with the groups of PEOPLE (none for anyone else). Consent is taken as
 * given (a first-party client). PKCE is required; e-mail, name and groups are answered at
 * userinfo, not in the ID token (the provider's default), so the wizard's userinfo path runs.
 */

export const PEOPLE: Record<string, { name: string; groups?: string[] }> = {
  rita: { name: 'Rita Reviewer', groups: ['store-reviewers'] },
  ada: { name: 'Ada Admin', groups: ['store-admins', 'store-reviewers'] },
  ed: { name: 'Ed Editor' },
};

export type TestProvider = { issuer: string; clientId: string; clientSecret: string; stop: () => Promise<void> };

export async function startProvider({ appUrl }: { appUrl: string }): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const clientId = 'banqup-store-wizard';
  const clientSecret = `oidc-test-secret-${crypto.randomUUID()}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${appUrl}/auth/callback`],
        post_logout_redirect_uris: [`${appUrl}/auth/signed-out`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: [crypto.randomUUID()] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => ({
      accountId: id,
      claims: () => {
        const person = PEOPLE[id];
        return { sub: `sub-${id}`, email: `${id}@example.com`, email_verified: true, name: person?.name ?? id, ...(person?.groups ? { groups: person.groups } : {}) };
      },
    }),
    // A first-party client: the person is not asked to consent.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, result, provider: op } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return op.Grant.find(grantId);
      const grant = new op.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });

  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
