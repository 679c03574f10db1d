import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, secretValues } from './env';

describe('configuration', () => {
  it('runs in sandbox mode on PGlite with no variables at all', () => {
    const config = parseConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.banqup.baseUrl).toBe('http://127.0.0.1:3000/sandbox');
    expect(config.banqup.auth).toEqual({ kind: 'static', token: 'sandbox-token' });
    expect(config.database).toEqual({ url: undefined, dataDir: '.data' });
  });

  it('points the sandbox client at APP_URL or PORT', () => {
    expect(parseConfig({ PORT: '4100' }).banqup.baseUrl).toBe('http://127.0.0.1:4100/sandbox');
    expect(parseConfig({ APP_URL: 'http://wizard.internal:8080/' }).banqup.baseUrl).toBe('http://wizard.internal:8080/sandbox');
  });

  it('uses the real API with a static token', () => {
    const config = parseConfig({ BANQUP_API_URL: 'https://api.example.com/', BANQUP_API_TOKEN: 't0ken' });
    expect(config.mode).toBe('api');
    expect(config.banqup.baseUrl).toBe('https://api.example.com');
    expect(config.banqup.auth).toEqual({ kind: 'static', token: 't0ken' });
  });

  it('uses OAuth2 client credentials when they are given', () => {
    const config = parseConfig({
      BANQUP_API_URL: 'https://api.example.com',
      BANQUP_TOKEN_URL: 'https://auth.example.com/token',
      BANQUP_CLIENT_ID: 'id',
      BANQUP_CLIENT_SECRET: 'secret-1',
      BANQUP_SCOPE: 'store_write',
    });
    expect(config.banqup.auth).toEqual({ kind: 'oauth', tokenUrl: 'https://auth.example.com/token', clientId: 'id', clientSecret: 'secret-1', scope: 'store_write' });
    expect(secretValues(config)).toContain('secret-1');
  });

  it.each([
    [{ BANQUP_API_URL: 'not a url' }, /BANQUP_API_URL must be a URL/],
    [{ BANQUP_API_URL: 'http://api.example.com', BANQUP_API_TOKEN: 'x' }, /BANQUP_API_URL must use https/],
    [{ BANQUP_API_URL: 'https://api.example.com' }, /set BANQUP_API_TOKEN or BANQUP_TOKEN_URL/],
    [{ BANQUP_API_URL: 'https://api.example.com', BANQUP_CLIENT_ID: 'id' }, /BANQUP_TOKEN_URL, BANQUP_CLIENT_SECRET must be set/],
    [{ BANQUP_TIMEOUT_MS: 'soon' }, /BANQUP_TIMEOUT_MS must be a whole number/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a PostgreSQL URL/],
    [{ BANQUP_SUPPORT_EMAIL: 'support' }, /BANQUP_SUPPORT_EMAIL must be an e-mail address/],
    [{ PORT: '70000' }, /PORT/],
  ])('refuses %o with one line naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
    try {
      parseConfig(env);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('\n');
    }
  });

  it('accepts http only for localhost', () => {
    expect(parseConfig({ BANQUP_API_URL: 'http://localhost:8080', BANQUP_API_TOKEN: 'x' }).mode).toBe('api');
    expect(parseConfig({ BANQUP_API_URL: 'http://127.0.0.1:8080', BANQUP_API_TOKEN: 'x' }).mode).toBe('api');
  });

  describe('replicas on PostgreSQL', () => {
    const KEY = 'q0tD2H7kzKkKx6p8VfS3c1dYhQ2m0n9bWwE4rT5yU8o='; // 32 bytes, as `openssl rand -base64 32` makes
    const PG = 'postgres://wizard:pw-2981@db.internal:5432/wizard';

    it('needs NEXT_SERVER_ACTIONS_ENCRYPTION_KEY with DATABASE_URL, in one line that says how to make one', () => {
      expect(() => parseConfig({ DATABASE_URL: PG })).toThrow(ConfigError);
      expect(() => parseConfig({ DATABASE_URL: PG })).toThrow(/^Invalid configuration: NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be set when DATABASE_URL is set.*openssl rand -base64 32`$/);
      expect(() => parseConfig({ DATABASE_URL: PG, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: '  ' })).toThrow(/NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be set/);
      const config = parseConfig({ DATABASE_URL: PG, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: KEY });
      expect(config.actionsEncryptionKey).toBe(KEY);
      expect(secretValues(config)).toEqual(expect.arrayContaining([KEY, 'pw-2981']));
    });

    it('is not needed on PGlite (one process per data directory), and is checked whenever it is given', () => {
      expect(parseConfig({}).actionsEncryptionKey).toBeUndefined();
      expect(parseConfig({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: 'AAAAAAAAAAAAAAAAAAAAAA==' }).actionsEncryptionKey).toBe('AAAAAAAAAAAAAAAAAAAAAA=='); // 16 bytes
      for (const bad of ['not base64!', 'c2hvcnQ=', `${KEY}AAAA`, KEY.replace('=', '')]) {
        expect(() => parseConfig({ NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: bad }), bad).toThrow(
          /^Invalid configuration: NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be a base64-encoded AES key of 16, 24 or 32 bytes: make one with `openssl rand -base64 32`$/,
        );
      }
    });

    it('lets running requests finish for as long as one Banqup call may take, or SHUTDOWN_GRACE_SECONDS', () => {
      expect(parseConfig({}).shutdownGraceMs).toBe(15_000 * 3 + 20_000 + 5_000);
      expect(parseConfig({ BANQUP_TIMEOUT_MS: '2000', BANQUP_MAX_ATTEMPTS: '1' }).shutdownGraceMs).toBe(7_000);
      expect(parseConfig({ SHUTDOWN_GRACE_SECONDS: '12' }).shutdownGraceMs).toBe(12_000);
      expect(parseConfig({ SHUTDOWN_GRACE_SECONDS: '' }).shutdownGraceMs).toBe(70_000);
      expect(() => parseConfig({ SHUTDOWN_GRACE_SECONDS: 'later' })).toThrow(/^Invalid configuration: SHUTDOWN_GRACE_SECONDS must be a whole number$/);
      expect(parseConfig({}).shutdownDelayMs).toBe(0);
      expect(parseConfig({ SHUTDOWN_DELAY_SECONDS: '5' }).shutdownDelayMs).toBe(5_000);
      expect(() => parseConfig({ SHUTDOWN_DELAY_SECONDS: '-1' })).toThrow(/SHUTDOWN_DELAY_SECONDS/);
    });
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ BANQUP_API_URL: '', DATABASE_URL: '', BANQUP_SUPPORT_EMAIL: '' }).mode).toBe('sandbox');
  });
});
