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
