/**
 * The step pages' first load stays lean: the step forms validate with zod only from their first
 * touch on (schema-resolver.ts), so no module a step form or the step list loads statically may
 * reach zod or the schema modules. Walks the static (non-type) imports from every client
 * component of the wizard; a dynamic import() is the way in.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
// The schema modules: the registry (lib/wizard/steps/index.ts) and each step's schema.ts.
const HEAVY = [/^zod(\/|$)/, /^@\/lib\/banqup\/schemas$/, /^@\/lib\/wizard\/steps$/, /^@\/lib\/wizard\/steps\/index$/, /(^|\/)schema$/, /^\.\/index$/, /^\.\.?$/];

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('@/') ? path.join(ROOT, specifier.slice(2)) : specifier.startsWith('.') ? path.resolve(path.dirname(from), specifier) : undefined;
  if (!base) return undefined;
  return ['.ts', '.tsx', '/index.ts', '/index.tsx', ''].map((ext) => base + ext).find((file) => existsSync(file) && !file.endsWith('/'));
}

/** Static value imports (and re-exports) of a module: `import type` and `import()` are not. */
function staticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) found.push(match[1] as string);
  return found;
}

function reachesHeavy(entry: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (file: string, trail: string[]): string[] | undefined => {
    if (seen.has(file)) return undefined;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      const here = [...trail, `${path.relative(ROOT, file)} → ${specifier}`];
      if (HEAVY.some((pattern) => pattern.test(specifier))) return here;
      const next = resolveLocal(file, specifier);
      // Server actions reach the browser as references, not as code.
      if (next && !readFileSync(next, 'utf8').startsWith("'use server'")) {
        const found = walk(next, here);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(entry, []);
}

const clientComponents = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return clientComponents(file);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') && readFileSync(file, 'utf8').startsWith("'use client'") ? [file] : [];
  });

describe('the step pages load no validation code up front', () => {
  // The step forms live in their steps' folders; the frame, the fields and the step list in components/wizard.
  const entries = [...clientComponents(path.join(ROOT, 'components', 'wizard')), ...clientComponents(path.join(ROOT, 'lib', 'wizard', 'steps'))];

  it('finds the step forms', () => {
    expect(entries.length).toBeGreaterThanOrEqual(12);
  });

  it.each(entries.map((file) => [path.relative(ROOT, file), file]))('%s reaches neither zod nor the schemas statically', (_name, file) => {
    expect(reachesHeavy(file)).toBeUndefined();
  });
});
