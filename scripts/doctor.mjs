#!/usr/bin/env node
/**
 * `npm run doctor`: runs lib/banqup/doctor.ts (what it checks and its exit codes are described
 * there) with plain node. Node 20 has no TypeScript loader, so the doctor and the code it
 * shares with the app (the configuration parser, the connection check, the outbound rules)
 * are bundled with esbuild into node_modules/.cache first: one parser, one check, the app's
 * own TypeScript, not a copy. Bundling takes a fraction of a second, and is done again only
 * when one of the bundled files changed (runDoctorBundle).
 *
 * Like `next start`, it reads .env.production.local, .env.local, .env.production and .env from
 * the current directory (npm runs scripts in the project's) when present; variables already
 * set win.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

for (const file of ['.env.production.local', '.env.local', '.env.production', '.env']) {
  const full = path.join(process.cwd(), file);
  if (existsSync(full)) process.loadEnvFile(full);
}

const code = await runDoctorBundle();
process.exitCode = code;

/**
 * The bundle of lib/banqup/doctor.ts, made again only when a file it is made of changed: the
 * cache in node_modules/.cache/banqup-doctor keeps the last bundle under a name derived from the
 * content of every input (and of this script, which sets how it is made), and a manifest that
 * lists those inputs. A run whose inputs all still hash the same imports the bundle as it is;
 * otherwise esbuild bundles again (a fraction of a second) and the cache is replaced.
 */
async function runDoctorBundle() {
  const cacheDir = path.join(root, 'node_modules', '.cache', 'banqup-doctor');
  mkdirSync(cacheDir, { recursive: true });
  const bundle = cachedBundle(cacheDir) ?? (await bundleAgain(cacheDir));
  const { runDoctor } = await import(pathToFileURL(bundle).href);
  return runDoctor(process.argv.slice(2), process.env, {
    out: (line = '') => process.stdout.write(`${line}\n`),
    fail: (line) => process.stderr.write(`${line}\n`),
  });
}

/** The content key of a set of inputs: this script, esbuild's version, each input's path and bytes. */
function contentKey(inputs, esbuildVersion) {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).update(`\0${esbuildVersion}`);
  for (const input of [...inputs].sort()) hash.update(`\0${input}\0`).update(readFileSync(path.join(root, input)));
  return hash.digest('hex').slice(0, 32);
}

/** The cached bundle when every input it lists is unchanged; undefined otherwise. */
function cachedBundle(cacheDir) {
  try {
    const manifest = JSON.parse(readFileSync(path.join(cacheDir, 'manifest.json'), 'utf8'));
    const bundle = path.join(cacheDir, `doctor-${manifest.key}.mjs`);
    if (!existsSync(bundle) || contentKey(manifest.inputs, manifest.esbuild) !== manifest.key) return undefined;
    return bundle;
  } catch {
    return undefined; // no manifest yet, or an input gone: bundle again
  }
}

async function bundleAgain(cacheDir) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    process.stderr.write('doctor: esbuild is missing (a devDependency): run `npm install` first.\n');
    process.exit(2);
  }
  // Written under a name of this run's own, then renamed: two doctors at once never read each
  // other's half-written bundle or manifest.
  const partial = path.join(cacheDir, `partial-${process.pid}.mjs`);
  try {
    const { metafile } = await esbuild.build({
      entryPoints: [path.join(root, 'lib', 'banqup', 'doctor.ts')],
      outfile: partial,
      bundle: true,
      metafile: true,
      absWorkingDir: root,
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
    // The project's files that went into the bundle (`empty:server-only` is none).
    const inputs = Object.keys(metafile.inputs).filter((input) => !input.includes(':'));
    const key = contentKey(inputs, esbuild.version);
    const bundle = path.join(cacheDir, `doctor-${key}.mjs`);
    renameSync(partial, bundle);
    const manifest = path.join(cacheDir, `manifest-${process.pid}.json`);
    writeFileSync(manifest, JSON.stringify({ key, esbuild: esbuild.version, inputs }));
    renameSync(manifest, path.join(cacheDir, 'manifest.json'));
    removeOldBundles(cacheDir, bundle);
    return bundle;
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Bundles of earlier inputs, once an hour old (a doctor started before may still be importing one). */
function removeOldBundles(cacheDir, keep) {
  for (const name of readdirSync(cacheDir)) {
    const file = path.join(cacheDir, name);
    if (file === keep || !/^(doctor|partial)-.*\.mjs$/.test(name)) continue;
    try {
      if (Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true });
    } catch {
      // gone already
    }
  }
}
