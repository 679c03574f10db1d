import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Once per run, before any test file: a newly initialised PGlite data folder, as a tarball that
 * every PGlite of the tests loads (test/databases.ts). Kept in the temporary folder between runs,
 * one per PGlite version; made again (a few seconds) when missing.
 */
export default function setup(project: TestProject) {
  const root = path.resolve(__dirname, '..');
  const { version } = JSON.parse(readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  const file = path.join(tmpdir(), `banqup-store-wizard-pglite-${version}.tar`);
  if (!existsSync(file)) execFileSync(process.execPath, ['--liftoff-only', path.join(root, 'test/pglite-data-dir.mjs'), file], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  project.provide('pgliteDataDir', file);
}
