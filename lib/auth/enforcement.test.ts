import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOpenPath } from './gate';

/**
 * Roles are enforced on the server, in every action and route: a page hiding a button is not a
 * permission. This walks the app's source and holds every server action and every route
 * handler to it, so a new one cannot forget.
 */

const ROOT = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

/** Each exported async function of a file, with its body up to the next top-level export. */
function exportedFunctions(source: string): { name: string; body: string }[] {
  const matches = [...source.matchAll(/^export async function (\w+)\(/gm)];
  return matches.map((match, index) => ({ name: match[1]!, body: source.slice(match.index, matches[index + 1]?.index ?? source.length) }));
}

const sources = files(path.join(ROOT, 'app'))
  .concat(files(path.join(ROOT, 'components')), files(path.join(ROOT, 'lib')))
  .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.test.ts'));

describe('every server action checks the role it needs first', () => {
  const actionFiles = sources.filter((file) => /^['"]use server['"]/m.test(readFileSync(file, 'utf8')));

  it('finds the action files', () => {
    expect(actionFiles.map((file) => path.relative(ROOT, file)).sort()).toEqual([
      'lib/registration/actions.ts',
      'lib/registration/review-actions.ts',
      'lib/wizard/actions.ts',
      'lib/wizard/steps/1-draft-app/actions.ts',
    ]);
  });

  // A server action can also be a function whose body starts with 'use server' (inline).
  const inline = sources.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/async function (\w+)\([^\n]*\{\n\s*['"]use server['"];([\s\S]*?)\n\}/g)].map((match) => ({ file, name: match[1]!, body: match[2]! })),
  );

  it('finds the inline actions', () => {
    expect(inline.map(({ file, name }) => `${path.relative(ROOT, file)}: ${name}`)).toEqual(['app/bench/noop/page.tsx: benchNoop']);
  });

  for (const { file, name, body } of inline) {
    it(`${path.relative(ROOT, file)}: ${name} (inline)`, () => {
      expect(body.search(/^\s*const \w+ = await authorize\(/), `${name} does not start with authorize()`).toBe(0);
    });
  }

  for (const file of actionFiles) {
    for (const { name, body } of exportedFunctions(readFileSync(file, 'utf8'))) {
      it(`${path.relative(ROOT, file)}: ${name}`, () => {
        // authorize(...) comes before any database or Banqup work.
        const authorizeAt = body.search(/\bauthorize\(/);
        expect(authorizeAt, `${name} never calls authorize()`).toBeGreaterThan(0);
        for (const work of ['getDb(', 'getBanqupClient(', 'persistDraft(', 'sendAs(']) {
          const at = body.indexOf(work);
          if (at >= 0) expect(at, `${name} calls ${work} before authorize()`).toBeGreaterThan(authorizeAt);
        }
      });
    }
  }
});

describe('every route handler is open by design or checks a role', () => {
  const routes = sources.filter((file) => file.endsWith(`${path.sep}route.ts`));
  /** Routes that answer without an identity, each with its reason (lib/auth/gate.ts). */
  const OPEN: Record<string, string> = {
    '/api/health': 'orchestrators',
    '/api/ready': 'orchestrators',
    '/api/assets/[assetId]': 'uploaded images on review pages: a random id',
    '/review/[token]/export': 'the review link’s token is the permission',
    '/sandbox/[...path]': 'the sandbox has its own bearer token',
    '/api/whoami': 'says who the app sees, or why it sees nobody',
  };
  for (const file of routes) {
    const route = `/${path.relative(path.join(ROOT, 'app'), path.dirname(file)).split(path.sep).join('/')}`;
    it(route, () => {
      const source = readFileSync(file, 'utf8');
      if (route in OPEN) {
        expect(isOpenPath(route.replace('[assetId]', '00000000-0000-4000-8000-000000000000').replace('[token]', 't').replace('[...path]', 'x'))).toBe(true);
        return;
      }
      // proxy.ts turns away anyone without an identity; the route still checks the role itself.
      for (const { name, body } of exportedFunctions(source)) expect(/\b(authorize|identify)\(/.test(body), `${route} ${name}`).toBe(true);
    });
  }
});

describe('only a browser’s own navigation is sent to the sign-in', () => {
  it('tells a navigation from the client router’s fetches and prefetches', async () => {
    const { isNavigation } = await import('./gate');
    const request = (headers: Record<string, string>) => new Request('http://127.0.0.1/settings', { headers });
    expect(isNavigation(request({ 'sec-fetch-mode': 'navigate', accept: 'text/html' }))).toBe(true);
    expect(isNavigation(request({ accept: 'text/html,application/xhtml+xml' }))).toBe(true);
    // A prefetch of a link in the page header, followed to the sign-in by fetch(), would start a
    // second sign-in (a new sign-in cookie) racing the person's own.
    expect(isNavigation(request({ 'sec-fetch-mode': 'cors', rsc: '1', 'next-router-prefetch': '1' }))).toBe(false);
    expect(isNavigation(request({ rsc: '1', accept: '*/*' }))).toBe(false);
    expect(isNavigation(request({ 'sec-purpose': 'prefetch', accept: 'text/html' }))).toBe(false);
    expect(isNavigation(request({ 'sec-fetch-mode': 'cors', accept: '*/*' }))).toBe(false);
  });
});
