import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAuthConfig } from './auth/config';
import { localModeProblem, startProblem } from './config-check';

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

describe('startProblem: what npm start refuses before Next.js listens', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const build = (encryptionKey = 'a'.repeat(43) + '=') => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-check-'));
    made.push(dir);
    mkdirSync(path.join(dir, 'server'));
    writeFileSync(path.join(dir, 'server', 'server-reference-manifest.json'), JSON.stringify({ node: {}, edge: {}, encryptionKey }));
    return dir;
  };

  it('starts with the defaults on loopback', () => {
    expect(startProblem({}, { host: '127.0.0.1', distDir: build() })).toBeUndefined();
  });

  it('names the setting: PORT=abc is a bad PORT', () => {
    expect(startProblem({ PORT: 'abc' }, { host: '127.0.0.1', distDir: build() })).toBe('Invalid configuration: PORT must be a whole number');
    expect(startProblem({ PORT: '70000' }, { host: '127.0.0.1', distDir: build() })).toMatch(/^Invalid configuration: PORT /);
  });

  it('judges the address it will listen on in local mode (a name waits for the address it gets)', () => {
    expect(startProblem({}, { host: '0.0.0.0', distDir: build() })).toMatch(/listens on every address \(0\.0\.0\.0\)/);
    expect(startProblem({}, { host: '[::]', distDir: build() })).toMatch(/listens on every address \(::\)/);
    expect(startProblem({}, { host: 'localhost', distDir: build() })).toBeUndefined();
  });

  it('refuses a key other than the build’s, and a missing build', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(startProblem({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key }, { host: '127.0.0.1', distDir: build() })).toMatch(/is not the key this build was made with/);
    expect(startProblem({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key }, { host: '127.0.0.1', distDir: build(key) })).toBeUndefined();
    expect(startProblem({}, { host: '127.0.0.1', distDir: path.join(tmpdir(), 'no-such-build') })).toMatch(/^No production build in .*: run `npm run build` first\.$/);
  });
});
