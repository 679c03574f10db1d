import { describe, expect, it } from 'vitest';
import { hostPolicy, invalidAllowedHosts, isAllowedHost, normalizeHost } from './hosts';

describe('allowed hosts', () => {
  it('allows loopback names on any port by default, and nothing else', () => {
    const policy = hostPolicy({});
    for (const host of ['localhost', '127.0.0.1:3000', 'LOCALHOST:80', '[::1]:3000', 'localhost.']) expect(isAllowedHost(host, policy), host).toBe(true);
    for (const host of ['attacker.example', 'attacker.example:3000', '127.0.0.1.nip.io', 'localhost.attacker.example', '', null, 'a b', '10.0.0.5', '[::1]evil.example', '[::1]:80x', 'localhost:abc']) {
      expect(isAllowedHost(host, policy), String(host)).toBe(false);
    }
  });

  it('adds APP_URL\'s host and ALLOWED_HOSTS, with subdomain wildcards', () => {
    const policy = hostPolicy({ APP_URL: 'https://wizard.corp.example', ALLOWED_HOSTS: 'wizard-2.corp.example, *.preview.example' });
    expect(isAllowedHost('wizard.corp.example', policy)).toBe(true);
    expect(isAllowedHost('wizard.corp.example:443', policy)).toBe(true);
    expect(isAllowedHost('wizard-2.corp.example', policy)).toBe(true);
    expect(isAllowedHost('pr-12.preview.example', policy)).toBe(true);
    expect(isAllowedHost('preview.example', policy)).toBe(false);
    expect(isAllowedHost('evilpreview.example', policy)).toBe(false);
    expect(isAllowedHost('corp.example', policy)).toBe(false);
  });

  it('normalises names and finds invalid entries', () => {
    expect(normalizeHost('Wizard.Example.:8080')).toBe('wizard.example');
    expect(normalizeHost('::1')).toBe('[::1]');
    expect(invalidAllowedHosts('ok.example, bad host, *.fine.example, http://x/')).toEqual(['bad host', 'http://x/']);
  });
});
