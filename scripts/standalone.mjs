#!/usr/bin/env node
/**
 * Completes the standalone server after `next build` (part of `npm run build`): Next.js leaves
 * the static files out of <distDir>/standalone, expecting them copied beside server.js
 * (https://nextjs.org/docs/app/api-reference/config/next-config-js/output), and this checks
 * that what the app loads by path at run time is there. Then
 *
 *   node <distDir>/standalone/start.mjs        (PORT, HOSTNAME; DATA_DIR: see README)
 *
 * runs the app from that directory alone: the Dockerfile copies it into the image. start.mjs
 * (scripts/start.mjs) checks the configuration with the bundled parser before server.js listens.
 */
import { copyFileSync, cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const distDir = process.env.NEXT_DIST_DIR || '.next';
const standalone = path.join(distDir, 'standalone');
if (!existsSync(path.join(standalone, 'server.js'))) {
  console.error(`[standalone] ${standalone}/server.js is missing: did next build run with output: 'standalone'?`);
  process.exit(1);
}

const copies = [
  [path.join(distDir, 'static'), path.join(standalone, distDir, 'static')],
  ['public', path.join(standalone, 'public')],
];
for (const [from, to] of copies) {
  if (!existsSync(from)) continue;
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

// The entry that checks the configuration first (scripts/start.mjs), the parser it runs
// (<distDir>/config-check.mjs, from scripts/bundle-config-check.mjs), and where the build is.
copyFileSync(path.join('scripts', 'start.mjs'), path.join(standalone, 'start.mjs'));
copyFileSync(path.join(distDir, 'config-check.mjs'), path.join(standalone, distDir, 'config-check.mjs'));
writeFileSync(path.join(standalone, 'start.json'), `${JSON.stringify({ distDir })}\n`);

// Loaded by path at run time, so only there when outputFileTracingIncludes (next.config.mjs)
// or the tracer put them there: the SVG sanitiser's worker and its parser, the script that sets
// up a new PGlite data folder in a child process, PGlite's WebAssembly
// PostgreSQL and its data files, the PostgreSQL driver.
const pglite = path.join(standalone, 'node_modules', '@electric-sql', 'pglite', 'dist');
const required = [
  path.join(standalone, 'lib', 'uploads', 'svg-worker.mjs'),
  path.join(standalone, 'lib', 'uploads', 'svg-sanitize.mjs'),
  path.join(standalone, 'lib', 'db', 'pglite-init.mjs'),
  path.join(standalone, 'node_modules', '@xmldom', 'xmldom', 'package.json'),
  path.join(standalone, 'node_modules', 'pg', 'package.json'),
  path.join(pglite, 'index.js'),
];
const missing = required.filter((file) => !existsSync(file));
const pgliteFiles = existsSync(pglite) ? readdirSync(pglite) : [];
for (const extension of ['.wasm', '.data']) {
  if (!pgliteFiles.some((file) => file.endsWith(extension))) missing.push(path.join(pglite, `*${extension}`));
}
if (missing.length > 0) {
  console.error(`[standalone] the standalone server lacks files the app loads at run time:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`[standalone] ${standalone}/start.mjs ready (static files copied)`);
