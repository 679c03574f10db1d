import { describe, expect, it } from 'vitest';
import { AuthConfigError, parseAuthConfig } from './config';

const base = { AUTH_MODE: 'oidc', OIDC_ISSUER: 'https://login.example.com/realms/corp', OIDC_CLIENT_ID: 'wizard' };

describe('AUTH_MODE=oidc configuration', () => {
  it('has a 12-hour session by default, OIDC_SESSION_HOURS otherwise', () => {
    const config = parseAuthConfig(base);
    expect(config.mode === 'oidc' && config.oidc).toMatchObject({ issuer: base.OIDC_ISSUER, clientId: 'wizard', scopes: 'openid email profile', groupsClaim: 'groups', sessionHours: 12 });
    const eight = parseAuthConfig({ ...base, OIDC_SESSION_HOURS: '8' });
    expect(eight.mode === 'oidc' && eight.oidc.sessionHours).toBe(8);
  });

  it.each(['0', '1.5', 'twelve', '721'])('refuses OIDC_SESSION_HOURS=%s', (hours) => {
    expect(() => parseAuthConfig({ ...base, OIDC_SESSION_HOURS: hours })).toThrow(/OIDC_SESSION_HOURS/);
  });

  it('wants https for the issuer and APP_URL, except on this machine', () => {
    expect(() => parseAuthConfig({ ...base, OIDC_ISSUER: 'http://login.example.com' })).toThrow(AuthConfigError);
    expect(() => parseAuthConfig({ ...base, OIDC_ISSUER: 'http://login.example.com' })).toThrow(/OIDC_ISSUER must use https/);
    expect(() => parseAuthConfig({ ...base, APP_URL: 'http://wizard.example.com' })).toThrow(/APP_URL with https/);
    expect(parseAuthConfig({ ...base, OIDC_ISSUER: 'http://localhost:9000', APP_URL: 'http://127.0.0.1:3000' }).mode).toBe('oidc');
    expect(parseAuthConfig({ ...base, APP_URL: 'https://wizard.example.com' }).mode).toBe('oidc');
  });
});
