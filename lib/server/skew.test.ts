import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runningDeploymentId, staleActionReload } from './skew';

const build = { actionIds: new Set(['7f00aa11', '7f00bb22']) };
const request = (headers: Record<string, string>, url = '/registrations/5e0c/info', method = 'POST') =>
  ({ method, url, headers: { host: '127.0.0.1:3000', ...headers } }) as unknown as IncomingMessage;

afterEach(() => vi.unstubAllEnvs());

describe('a page of another build calling a server action', () => {
  it('is told to reload the page it is on when this build lacks the action', () => {
    expect(staleActionReload(request({ 'next-action': '40dead', 'x-deployment-id': 'old-build' }, '/registrations/5e0c/info?tab=fr'), build, 'new-build')).toEqual({
      location: '/registrations/5e0c/info?tab=fr',
      from: 'old-build',
      actionId: '40dead',
    });
  });

  it('goes on to Next.js otherwise: an action this build has, the same deployment, no deployment named, not a POST', () => {
    expect(staleActionReload(request({ 'next-action': '7f00aa11', 'x-deployment-id': 'old-build' }), build, 'new-build')).toBeUndefined();
    expect(staleActionReload(request({ 'next-action': '40dead', 'x-deployment-id': 'new-build' }), build, 'new-build')).toBeUndefined();
    expect(staleActionReload(request({ 'next-action': '40dead' }), build, 'new-build')).toBeUndefined();
    expect(staleActionReload(request({ 'next-action': '40dead', 'x-deployment-id': 'old-build' }), build, undefined)).toBeUndefined();
    expect(staleActionReload(request({ 'next-action': '40dead', 'x-deployment-id': 'old-build' }, '/', 'GET'), build, 'new-build')).toBeUndefined();
    expect(staleActionReload(request({ 'x-deployment-id': 'old-build' }), build, 'new-build')).toBeUndefined();
  });

  it('leaves foreign hosts (421) and the read-only review pages (405) to proxy.ts', () => {
    const stale = { 'next-action': '40dead', 'x-deployment-id': 'old-build' };
    expect(staleActionReload(request({ ...stale, host: 'attacker.example:3000' }), build, 'new-build')).toBeUndefined();
    expect(staleActionReload(request({ ...stale, 'x-forwarded-host': 'attacker.example' }), build, 'new-build')).toBeUndefined();
    expect(staleActionReload(request(stale, '/review/abc'), build, 'new-build')).toBeUndefined();
  });

  it('names only the path of the page, never another origin', () => {
    const answer = staleActionReload(request({ 'next-action': '40dead', 'x-deployment-id': 'old' }, 'http://elsewhere.example/x;y'), build, 'new');
    expect(answer?.location).toBe('/x%3By');
  });
});

describe("this server's deployment id", () => {
  it('is the one Next.js set at start (NEXT_DEPLOYMENT_ID, read at run time)', () => {
    expect(runningDeploymentId({ NEXT_DEPLOYMENT_ID: 'next-release' })).toBe('next-release');
    expect(runningDeploymentId({ NEXT_DEPLOYMENT_ID: '' })).toBeUndefined();
    expect(runningDeploymentId({})).toBeUndefined();
  });
});
