import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deploymentId, sourceDigest } from './deployment-id.mjs';

const projects: string[] = [];
afterAll(() => projects.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A project of a few files, as next.config.mjs sees it (removed after the file's tests). */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'deployment-id-'));
  projects.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const FILES = { 'package.json': '{"name":"x"}', 'app/page.tsx': 'export default 1', 'lib/a.ts': 'export const a = 1' };

describe('the deployment id', () => {
  it('is the same for the same sources, wherever they were built', () => {
    const one = sourceDigest(project(FILES));
    expect(one).toMatch(/^src-[0-9a-f]{16}$/);
    expect(sourceDigest(project(FILES))).toBe(one);
  });

  it('changes with any source, not with tests or files outside the build', () => {
    const base = sourceDigest(project(FILES));
    expect(sourceDigest(project({ ...FILES, 'lib/a.ts': 'export const a = 2' }))).not.toBe(base);
    expect(sourceDigest(project({ ...FILES, 'lib/b.ts': '' }))).not.toBe(base);
    expect(sourceDigest(project({ ...FILES, 'lib/a.test.ts': 'test' }))).toBe(base);
    expect(sourceDigest(project({ ...FILES, 'e2e/x.spec.ts': 'spec', 'README.md': 'words' }))).toBe(base);
  });

  it('is NEXT_DEPLOYMENT_ID when given, which may hold only what Next.js accepts', () => {
    const root = project(FILES);
    expect(deploymentId({ NEXT_DEPLOYMENT_ID: 'v1.4.0-rc_2'.replace(/\./g, '-') }, root)).toBe('v1-4-0-rc_2');
    expect(deploymentId({ NEXT_DEPLOYMENT_ID: ' ' }, root)).toBe(sourceDigest(root));
    expect(() => deploymentId({ NEXT_DEPLOYMENT_ID: 'v1.4.0' }, root)).toThrow(/NEXT_DEPLOYMENT_ID may hold only letters, digits, - and _/);
  });
});
