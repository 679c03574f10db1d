import { createServer, IncomingMessage, type Server } from 'node:http';
import { Socket } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampRequest } from '@/lib/server/request-hook';
import { parseAuthConfig, type AuthConfig } from './config';
import { localIdentity, proxyIdentity } from './identity';
import { rolesFor } from './roles';

/**
 * A request as Node.js hands it to the server, stamped by the request hook: `peer` and `local`
 * are the socket's addresses, which no header can change.
 */
function stamped(rawHeaders: [string, string][], peer: string, local = '127.0.0.1'): Headers {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: peer });
  Object.defineProperty(socket, 'localAddress', { value: local });
  const req = new IncomingMessage(socket);
  req.rawHeaders = rawHeaders.flat();
  const joined: Record<string, string> = {};
  for (const [name, value] of rawHeaders) joined[name.toLowerCase()] = joined[name.toLowerCase()] ? `${joined[name.toLowerCase()]}, ${value}` : value;
  Object.defineProperty(req, 'headers', { value: joined, writable: true });
  stampRequest(req);
  return new Headers(req.headers as Record<string, string>);
}

const proxyConfig = (env: Record<string, string>) => parseAuthConfig({ AUTH_MODE: 'proxy', ...env }) as Extract<AuthConfig, { mode: 'proxy' }>;
const oauth2Proxy = proxyConfig({ AUTH_PROXY_PRESET: 'oauth2-proxy', TRUSTED_PROXIES: '10.0.0.5/32', ROLE_REVIEWERS: 'group:store-reviewers', ROLE_ADMINS: 'ada@corp.example' });

describe('proxy mode: identity headers', () => {
  it('believes the proxy’s headers from a trusted address', async () => {
    const result = await proxyIdentity(
      stamped([['X-Forwarded-Email', 'Rita@Corp.Example'], ['X-Forwarded-Groups', 'store-reviewers,staff'], ['X-Forwarded-Preferred-Username', 'Rita R.']], '10.0.0.5'),
      oauth2Proxy,
    );
    expect(result).toMatchObject({ ok: true, identity: { id: 'rita@corp.example', name: 'Rita R.', email: 'rita@corp.example', groups: ['store-reviewers', 'staff'], source: 'proxy-header' } });
    expect(result.ok && rolesFor(result.identity, oauth2Proxy)).toEqual(['editor', 'reviewer']);
  });

  it('refuses the same headers from anywhere else, whatever X-Forwarded-For claims', async () => {
    const result = await proxyIdentity(stamped([['X-Forwarded-Email', 'ada@corp.example'], ['X-Forwarded-For', '10.0.0.5']], '10.9.9.9'), oauth2Proxy);
    expect(result).toMatchObject({ ok: false, status: 401 });
    expect(!result.ok && result.reason).toMatch(/came straight from 10\.9\.9\.9, which is not a trusted proxy/);
  });

  it('refuses a header given twice (a client adding its own copy beside the proxy’s)', async () => {
    const result = await proxyIdentity(stamped([['X-Forwarded-Email', 'ada@corp.example'], ['x-forwarded-email', 'rita@corp.example']], '10.0.0.5'), oauth2Proxy);
    expect(!result.ok && result.reason).toMatch(/x-forwarded-email arrived more than once/);
    const groups = await proxyIdentity(stamped([['X-Forwarded-Email', 'rita@corp.example'], ['X-Forwarded-Groups', 'a'], ['X-Forwarded-Groups', 'store-reviewers']], '10.0.0.5'), oauth2Proxy);
    expect(groups.ok).toBe(false);
  });

  it('refuses a request with no identity, and headers the hook did not stamp', async () => {
    expect(await proxyIdentity(stamped([], '10.0.0.5'), oauth2Proxy)).toMatchObject({ ok: false, reason: expect.stringMatching(/sent no identity/) });
    // A client writing the hook's headers itself: worthless without the process's secret.
    const forged = new Headers({ 'x-wizard-stamp': 'guess', 'x-wizard-peer': '10.0.0.5', 'x-forwarded-email': 'ada@corp.example' });
    expect(await proxyIdentity(forged, oauth2Proxy)).toMatchObject({ ok: false, reason: expect.stringMatching(/could not see where this request came from/) });
    // And the hook removes any x-wizard-* header a client sent.
    const headers = stamped([['X-Wizard-Peer', '10.0.0.5'], ['X-Forwarded-Email', 'ada@corp.example']], '192.0.2.1');
    expect(headers.get('x-wizard-peer')).toBe('192.0.2.1');
  });

  it('refuses control characters and over-long values', async () => {
    expect((await proxyIdentity(stamped([['X-Forwarded-Email', 'a'.repeat(400)]], '10.0.0.5'), oauth2Proxy)).ok).toBe(false);
    const result = await proxyIdentity(stamped([['X-Forwarded-Email', 'eve@corp.example\u0007']], '10.0.0.5'), oauth2Proxy);
    expect(result.ok && result.identity.id).toBe('eve@corp.example');
  });

  it('authentik separates groups with |, Authelia with commas', async () => {
    const authentik = proxyConfig({ AUTH_PROXY_PRESET: 'authentik', TRUSTED_PROXIES: '10.0.0.5' });
    const result = await proxyIdentity(stamped([['X-Authentik-Email', 'a@corp.example'], ['X-Authentik-Groups', 'one|two']], '10.0.0.5'), authentik);
    expect(result.ok && result.identity.groups).toEqual(['one', 'two']);
  });
});

describe('proxy mode: a JWT signed by the proxy (Cloudflare Access, Pomerium)', () => {
  let server: Server;
  let issuer: string;
  let sign: (claims: Record<string, unknown>, options?: { audience?: string; expiresIn?: string; issuer?: string }) => Promise<string>;
  let otherKey: CryptoKey;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    sign = (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? 'wizard-aud')
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(privateKey);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const config = () => proxyConfig({ AUTH_PROXY_PRESET: 'cloudflare', AUTH_JWT_ISSUER: issuer, AUTH_JWT_AUDIENCE: 'wizard-aud', AUTH_JWT_JWKS_URL: `${issuer}/certs` });

  it('accepts a token verified against the JWKS, from any address', async () => {
    const token = await sign({ email: 'Ada@Corp.Example', groups: ['store-admins'] });
    const result = await proxyIdentity(stamped([['Cf-Access-Jwt-Assertion', token]], '203.0.113.9'), config());
    expect(result).toMatchObject({ ok: true, identity: { id: 'ada@corp.example', groups: ['store-admins'], source: 'proxy-jwt' } });
  });

  it('refuses a missing, expired, foreign-audience or foreign-signed token', async () => {
    expect((await proxyIdentity(stamped([], '203.0.113.9'), config())).ok).toBe(false);
    const expired = await sign({ email: 'a@corp.example' }, { expiresIn: '-1m' });
    const otherAudience = await sign({ email: 'a@corp.example' }, { audience: 'another-app' });
    const otherIssuer = await sign({ email: 'a@corp.example' }, { issuer: 'https://evil.example' });
    const forged = await new SignJWT({ email: 'a@corp.example' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setAudience('wizard-aud').setExpirationTime('5m').sign(otherKey);
    for (const token of [expired, otherAudience, otherIssuer, forged, 'not.a.jwt']) {
      const result = await proxyIdentity(stamped([['Cf-Access-Jwt-Assertion', token]], '203.0.113.9'), config());
      expect(result.ok, token).toBe(false);
      expect(!result.ok && result.reason).toMatch(/did not verify/);
    }
  });
});

describe('local mode', () => {
  it('is the local user on loopback, and nobody on any other address', () => {
    expect(localIdentity(stamped([], '127.0.0.1', '127.0.0.1'))).toMatchObject({ ok: true, identity: { id: 'local' } });
    expect(localIdentity(stamped([], '::1', '::1')).ok).toBe(true);
    const wide = localIdentity(stamped([], '192.168.1.20', '192.168.1.10'));
    expect(!wide.ok && wide.reason).toMatch(/serves only this machine, and this request arrived on 192\.168\.1\.10/);
  });

  it('gives the local user every role', () => {
    const result = localIdentity(stamped([], '127.0.0.1'));
    expect(result.ok && rolesFor(result.identity, parseAuthConfig({}))).toEqual(['editor', 'reviewer', 'admin']);
  });
});
