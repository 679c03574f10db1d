import { describe, expect, it } from 'vitest';
import { sameOriginForm } from './oidc';

const appUrl = 'https://wizard.example.com';
const post = (headers: Record<string, string>) => new Request('http://127.0.0.1:3000/auth/sign-out', { method: 'POST', headers });

describe('sameOriginForm (sign-out)', () => {
  it('takes a form POST from the app’s own pages', () => {
    expect(sameOriginForm(post({ 'sec-fetch-site': 'same-origin', origin: appUrl }), appUrl)).toBe(true);
    expect(sameOriginForm(post({ origin: appUrl }), appUrl)).toBe(true);
    expect(sameOriginForm(post({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }), appUrl)).toBe(true);
  });

  it('refuses one from another site, or with nothing to tell', () => {
    expect(sameOriginForm(post({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), appUrl)).toBe(false);
    expect(sameOriginForm(post({ 'sec-fetch-site': 'same-site', origin: 'https://other.example.com' }), appUrl)).toBe(false);
    expect(sameOriginForm(post({ origin: 'https://evil.example', host: 'wizard.example.com' }), appUrl)).toBe(false);
    expect(sameOriginForm(post({ origin: 'null' }), appUrl)).toBe(false);
    expect(sameOriginForm(post({}), appUrl)).toBe(false);
  });
});
