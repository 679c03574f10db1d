#!/usr/bin/env node
/**
 * `npm run doctor`: runs lib/banqup/doctor.ts (what it checks and its exit codes are described
 * there) with plain node. Node 20 has no TypeScript loader, so the doctor and the code it
 * shares with the app (the configuration parser, the connection check, the outbound rules)
 * are bundled with esbuild into node_modules/.cache first: one parser, one check, the app's
 * own TypeScript, not a copy. Bundling takes a fraction of a second.
 *
 * Like `next start`, it reads .env.production.local, .env.local, .env.production and .env from
 * the current directory (npm runs scripts in the project's) when present; variables already
 * set win.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

for (const file of ['.env.production.local', '.env.local', '.env.production', '.env']) {
  const full = path.join(process.cwd(), file);
  if (existsSync(full)) process.loadEnvFile(full);
}

let build;
try {
  ({ build } = await import('esbuild'));
} catch {
  process.stderr.write('doctor: esbuild is missing (a devDependency): run `npm install` first.\n');
  process.exit(2);
}
const cacheDir = path.join(root, 'node_modules', '.cache', 'banqup-doctor');
mkdirSync(cacheDir, { recursive: true });
// One file per run: two doctors at once never read each other's half-written bundle.
const outfile = path.join(cacheDir, `doctor-${process.pid}.mjs`);
try {
  await build({
    entryPoints: [path.join(root, 'lib', 'banqup', 'doctor.ts')],
    outfile,
    bundle: true,
    // Packages stay imports, resolved from node_modules beside the bundle.
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    legalComments: 'none',
    // `server-only` guards the app's server modules against client bundles; this is no client.
    plugins: [
      {
        name: 'server-only',
        setup(bundler) {
          bundler.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'empty' }));
          bundler.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '' }));
        },
      },
    ],
  });
  const { runDoctor } = await import(pathToFileURL(outfile).href);
  const code = await runDoctor(process.argv.slice(2), process.env, {
    out: (line = '') => process.stdout.write(`${line}\n`),
    fail: (line) => process.stderr.write(`${line}\n`),
  });
  process.exitCode = code;
} finally {
  rmSync(outfile, { force: true });
}
