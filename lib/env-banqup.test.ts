/** Configuration of the way out to Banqup: BANQUP_TOKEN_AUTH, and https only (localhost excepted). */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './env';

const OAUTH = { BANQUP_API_URL: 'https://api.uat.example.com', BANQUP_TOKEN_URL: 'https://auth.uat.example.com/oauth2/token', BANQUP_CLIENT_ID: 'id', BANQUP_CLIENT_SECRET: 'secret-1' };

describe('BANQUP_TOKEN_AUTH', () => {
  it('defaults to the form body', () => {
    expect(parseConfig(OAUTH).banqup.tokenAuth).toBe('body');
    expect(parseConfig({ ...OAUTH, BANQUP_TOKEN_AUTH: '' }).banqup.tokenAuth).toBe('body');
  });

  it('takes basic (any case, spaces trimmed)', () => {
    expect(parseConfig({ ...OAUTH, BANQUP_TOKEN_AUTH: ' Basic ' }).banqup.tokenAuth).toBe('basic');
    expect(parseConfig({ ...OAUTH, BANQUP_TOKEN_AUTH: 'body' }).banqup.tokenAuth).toBe('body');
  });

  it('refuses anything else with one line naming the variable', () => {
    expect(() => parseConfig({ ...OAUTH, BANQUP_TOKEN_AUTH: 'header' })).toThrow(ConfigError);
    expect(() => parseConfig({ ...OAUTH, BANQUP_TOKEN_AUTH: 'header' })).toThrow('BANQUP_TOKEN_AUTH must be body or basic');
  });
});

describe('https only, except for localhost', () => {
  it.each(['http://api.uat.example.com', 'http://10.0.0.5:8080', 'ftp://api.example.com', 'http://localhost.example.com'])('refuses BANQUP_API_URL=%s', (url) => {
    expect(() => parseConfig({ BANQUP_API_URL: url, BANQUP_API_TOKEN: 'x' })).toThrow(/BANQUP_API_URL must use https/);
  });

  it('refuses an http BANQUP_TOKEN_URL as well', () => {
    expect(() => parseConfig({ ...OAUTH, BANQUP_TOKEN_URL: 'http://auth.uat.example.com/token' })).toThrow(/BANQUP_TOKEN_URL must use https/);
  });

  it.each(['http://localhost:8080', 'http://127.0.0.1:8080/', 'http://[::1]:8080', 'https://api.uat.example.com/'])('accepts %s', (url) => {
    const config = parseConfig({ BANQUP_API_URL: url, BANQUP_API_TOKEN: 'x' });
    expect(config.mode).toBe('api');
    expect(config.banqup.baseUrl).toBe(url.replace(/\/+$/, ''));
  });
});

describe('no credentials in URLs', () => {
  it.each([
    ['https://user:pass@api.uat.example.com', /BANQUP_API_URL must not contain a user name or password/],
    ['https://user@api.uat.example.com', /BANQUP_API_URL must not contain a user name or password/],
    ['https://api.uat.example.com/?apikey=s3cret-value', /BANQUP_API_URL must not contain a query string/],
    ['https://api.uat.example.com/#key', /BANQUP_API_URL must not contain a query string/],
  ])('refuses BANQUP_API_URL=%s, without printing it', (url, message) => {
    let thrown: unknown;
    try {
      parseConfig({ BANQUP_API_URL: url, BANQUP_API_TOKEN: 'x' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(String((thrown as Error).message)).toMatch(message);
    expect(String((thrown as Error).message)).not.toMatch(/user:|pass@|user@|s3cret|apikey/);
  });

  it('refuses a token URL with a query too, and ALLOWED_HOSTS entries that are not host names', () => {
    expect(() => parseConfig({ ...OAUTH, BANQUP_TOKEN_URL: 'https://auth.uat.example.com/token?client_secret=x' })).toThrow(/BANQUP_TOKEN_URL must not contain a query string/);
    expect(() => parseConfig({ ALLOWED_HOSTS: 'wizard.example.com, not a host' })).toThrow(/ALLOWED_HOSTS must be host names/);
    expect(() => parseConfig({ ALLOWED_HOSTS: 'wizard.example.com,*.preview.example.com' })).not.toThrow();
  });
});
