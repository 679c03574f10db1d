import { describe, expect, it } from 'vitest';
import { AuthConfigError, parseAuthConfig } from './config';

const fails = (env: Record<string, string>) => {
  try {
    parseAuthConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('AUTH_MODE and ROLE_* configuration', () => {
  it('defaults to local mode, where roles are not read', () => {
    expect(parseAuthConfig({}).mode).toBe('none');
  });

  it('refuses an unknown mode and the old TRUSTED_USER_HEADER, saying what to set instead', () => {
    expect(fails({ AUTH_MODE: 'magic' })).toMatch(/AUTH_MODE must be none, proxy or oidc/);
    expect(fails({ TRUSTED_USER_HEADER: 'X-Forwarded-Email' })).toMatch(/AUTH_MODE=proxy, AUTH_PROXY_HEADER=.*TRUSTED_PROXIES/);
  });

  it('proxy mode needs a way to name the person and the proxy’s addresses', () => {
    expect(fails({ AUTH_MODE: 'proxy' })).toMatch(/AUTH_PROXY_PRESET .* or AUTH_PROXY_HEADER/);
    expect(fails({ AUTH_MODE: 'proxy', AUTH_PROXY_PRESET: 'oauth2-proxy' })).toMatch(/needs TRUSTED_PROXIES/);
    expect(fails({ AUTH_MODE: 'proxy', AUTH_PROXY_PRESET: 'oauth2-proxy', TRUSTED_PROXIES: '10.0.0.0/8,proxy.local' })).toMatch(/not addresses or ranges: proxy.local/);
    expect(fails({ AUTH_MODE: 'proxy', AUTH_PROXY_PRESET: 'nginx', TRUSTED_PROXIES: '10.0.0.1' })).toMatch(/AUTH_PROXY_PRESET must be one of/);
    expect(fails({ AUTH_MODE: 'proxy', AUTH_PROXY_HEADER: 'X Bad', TRUSTED_PROXIES: '10.0.0.1' })).toMatch(/AUTH_PROXY_HEADER must be an HTTP header name/);
  });

  it('reads the presets and a custom header', () => {
    const preset = parseAuthConfig({ AUTH_MODE: 'proxy', AUTH_PROXY_PRESET: 'authelia', TRUSTED_PROXIES: '10.0.0.1' });
    expect(preset.mode === 'proxy' && preset.preset.userHeaders).toEqual(['remote-user']);
    expect(preset.mode === 'proxy' && preset.preset.groupsHeaders).toEqual(['remote-groups']);
    const custom = parseAuthConfig({ AUTH_MODE: 'proxy', AUTH_PROXY_HEADER: 'X-Corp-User', AUTH_PROXY_GROUPS_HEADER: 'X-Corp-Groups', TRUSTED_PROXIES: '10.0.0.1' });
    expect(custom.mode === 'proxy' && custom.preset.userHeaders).toEqual(['x-corp-user']);
    expect(custom.mode === 'proxy' && custom.preset.groupsHeaders).toEqual(['x-corp-groups']);
  });

  it('Cloudflare Access and Pomerium need the issuer and audience of the token they sign', () => {
    expect(fails({ AUTH_MODE: 'proxy', AUTH_PROXY_PRESET: 'cloudflare' })).toMatch(/AUTH_JWT_ISSUER.*AUTH_JWT_AUDIENCE/);
    const config = parseAuthConfig({ AUTH_MODE: 'proxy', AUTH_PROXY_PRESET: 'cloudflare', AUTH_JWT_ISSUER: 'https://team.cloudflareaccess.com/', AUTH_JWT_AUDIENCE: 'aud-tag' });
    expect(config.mode === 'proxy' && config.jwt).toEqual({
      header: 'cf-access-jwt-assertion',
      jwksUrl: 'https://team.cloudflareaccess.com/cdn-cgi/access/certs',
      issuer: 'https://team.cloudflareaccess.com',
      audience: 'aud-tag',
      groupsClaim: 'groups',
    });
  });

  it('oidc mode needs the issuer and the client id', () => {
    expect(fails({ AUTH_MODE: 'oidc' })).toMatch(/OIDC_ISSUER.*OIDC_CLIENT_ID/);
    const config = parseAuthConfig({ AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://login.example.com/', OIDC_CLIENT_ID: 'wizard' });
    expect(config.mode === 'oidc' && config.oidc).toMatchObject({ issuer: 'https://login.example.com', clientId: 'wizard', scopes: 'openid email profile', groupsClaim: 'groups' });
  });

  it('reads roles: groups, people (any case) and everyone', () => {
    const config = parseAuthConfig({ ROLE_REVIEWERS: 'group:store-reviewers, Alice@Corp.Example', ROLE_ADMINS: '*', STATUS_ROLE: 'reviewer' });
    expect(config.roles.reviewer).toEqual([
      { kind: 'group', value: 'store-reviewers' },
      { kind: 'person', value: 'alice@corp.example' },
    ]);
    expect(config.roles.admin).toEqual([{ kind: 'everyone' }]);
    expect(config.roles.editor).toBeUndefined();
    expect(config.roles.statusRole).toBe('reviewer');
    expect(fails({ ROLE_ADMINS: 'group:' })).toMatch(/ROLE_ADMINS has an empty entry/);
    expect(fails({ STATUS_ROLE: 'owner' })).toMatch(/STATUS_ROLE must be/);
  });
});
