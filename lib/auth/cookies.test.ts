import { NextResponse } from 'next/server';
import { describe, expect, it } from 'vitest';
import { readCookie, safeReturnTo, sessionCookie, signInCookie } from './cookies';

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/registrations/5c0f', '/registrations/5c0f'],
    ['/registrations/5c0f/steps/2?tab=fr-FR#logo', '/registrations/5c0f/steps/2?tab=fr-FR#logo'],
    ['/settings/../registrations', '/registrations'],
  ])('keeps a path of this app: %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['registrations'],
    ['https://evil.example/'],
    ['//evil.example/path'],
    ['/\\evil.example'],
    ['/registrations\\x'],
    ['/\t/evil.example'],
    ['/.//evil.example'],
    ['/a/../..//evil.example'],
    ['javascript:alert(1)'],
    ['/auth/sign-in?returnTo=/'],
    ['/auth/callback'],
    ['/auth'],
    [`/${'a'.repeat(2001)}`],
  ])('refuses %s (back to /)', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });
});

describe('the cookies of AUTH_MODE=oidc', () => {
  it('are Secure, __Host-, HttpOnly, SameSite=Lax and Path=/ on https', () => {
    const session = sessionCookie('https://wizard.example.com', 12);
    expect(session).toEqual({ name: '__Host-wizard-session', options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true, maxAge: 12 * 3600 } });
    expect(signInCookie('https://wizard.example.com', 600).name).toBe('__Host-wizard-sign-in');

    const response = NextResponse.next();
    response.cookies.set(session.name, 'abc', session.options);
    const header = response.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/^__Host-wizard-session=abc;/);
    expect(header).toContain('Path=/');
    expect(header).toContain('Max-Age=43200');
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=lax/i);
    expect(header).not.toMatch(/Domain=/i);
  });

  it('are plain (no Secure, no prefix) on an http loopback APP_URL, HttpOnly and Lax all the same', () => {
    const session = sessionCookie('http://127.0.0.1:3000', 8);
    expect(session).toEqual({ name: 'wizard-session', options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false, maxAge: 8 * 3600 } });
    expect(signInCookie('http://localhost:3000', 600)).toMatchObject({ name: 'wizard-sign-in', options: { secure: false, maxAge: 600 } });
  });

  it('are read from a Cookie header by exact name', () => {
    const header = 'wizard-session-old=1; __Host-wizard-session=abc=def; wizard-session=plain';
    expect(readCookie(header, '__Host-wizard-session')).toBe('abc=def');
    expect(readCookie(header, 'wizard-session')).toBe('plain');
    expect(readCookie(header, 'missing')).toBeUndefined();
    expect(readCookie(null, 'wizard-session')).toBeUndefined();
  });
});
