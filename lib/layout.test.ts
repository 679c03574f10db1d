/**
 * The project's layout holds: server actions and components live with their feature, not under
 * app/ (routes only), and pages read through query functions (lib/registration/queries.server.ts),
 * never the database handle itself.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? files(file) : /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

/** Every module specifier a file imports, statically, by type or by import(). */
const specifiers = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((match) => match[1] as string);
const relative = (file: string) => path.relative(ROOT, file);

describe('the layout of the project', () => {
  it('no component or library module imports from app/ (tests of app routes aside)', () => {
    const offenders = [...files(path.join(ROOT, 'components')), ...files(path.join(ROOT, 'lib'))]
      .filter((file) => !file.endsWith('.test.ts') && !file.endsWith('.test.tsx'))
      .flatMap((file) => specifiers(file).filter((spec) => spec.startsWith('@/app/') || /(^|\/)app\//.test(spec) && spec.startsWith('.')).map((spec) => `${relative(file)} → ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('no page or layout opens the database: they call query functions', () => {
    const pages = files(path.join(ROOT, 'app')).filter((file) => /\/(page|layout)\.tsx$/.test(file));
    expect(pages.length).toBeGreaterThan(8);
    const offenders = pages.filter((file) => specifiers(file).some((spec) => spec === '@/lib/db' || spec.startsWith('@/lib/db/')) || /\bgetDb\(/.test(readFileSync(file, 'utf8')));
    expect(offenders.map(relative)).toEqual([]);
  });

  it('app/ holds no server action file', () => {
    const actionFiles = files(path.join(ROOT, 'app')).filter((file) => /^['"]use server['"]/m.test(readFileSync(file, 'utf8')));
    expect(actionFiles.map(relative)).toEqual([]);
  });

  it('every step of the registry has its folder, with its schema, form, readiness and summary', () => {
    const folders = readdirSync(path.join(ROOT, 'lib/wizard/steps'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.map((name) => Number(name.split('-')[0])).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const folder of folders) {
      const own = readdirSync(path.join(ROOT, 'lib/wizard/steps', folder));
      expect(own, folder).toEqual(expect.arrayContaining(['schema.ts', 'form.tsx', 'summary.tsx']));
      // Step 1 has no plan (Support, or its own actions); steps 5 and 7 no readiness of their own.
      if (folder !== '1-draft-app') expect(own, folder).toContain('plan.ts');
    }
  });
});
