import { describe, expect, it } from 'vitest';
import { parseAuthConfig } from './auth/config';
import { localModeProblem } from './startup';

const none = { auth: parseAuthConfig({}), appUrl: 'http://127.0.0.1:3000' };

describe('local mode (AUTH_MODE=none) serves only this machine', () => {
  it('starts on loopback', () => {
    expect(localModeProblem(none, ['127.0.0.1'], undefined)).toBeUndefined();
    expect(localModeProblem(none, ['::1'], undefined)).toBeUndefined();
    expect(localModeProblem({ ...none, appUrl: 'http://localhost:3000' }, [], undefined)).toBeUndefined();
  });

  it('stops when it listens beyond loopback, or is named for others, with one line naming the choices', () => {
    expect(localModeProblem(none, ['0.0.0.0'], undefined)).toMatch(/listens on every address \(0\.0\.0\.0\)\. Set AUTH_MODE=proxy .* or AUTH_MODE=oidc/);
    expect(localModeProblem(none, ['::'], undefined)).toMatch(/every address/);
    expect(localModeProblem(none, ['192.168.1.10'], undefined)).toMatch(/listens on 192\.168\.1\.10/);
    expect(localModeProblem({ ...none, appUrl: 'https://wizard.corp.example' }, ['127.0.0.1'], undefined)).toMatch(/APP_URL names wizard\.corp\.example/);
    expect(localModeProblem(none, ['127.0.0.1'], 'wizard.corp.example')).toMatch(/ALLOWED_HOSTS lets others in/);
  });

  it('does not apply once people sign in', () => {
    const proxy = { auth: parseAuthConfig({ AUTH_MODE: 'proxy', AUTH_PROXY_PRESET: 'oauth2-proxy', TRUSTED_PROXIES: '10.0.0.1' }), appUrl: 'https://wizard.corp.example' };
    expect(localModeProblem(proxy, ['0.0.0.0'], 'wizard.corp.example')).toBeUndefined();
  });
});
