#!/usr/bin/env node
/**
 * Completes the standalone server after `next build` (part of `npm run build`): Next.js leaves
 * the static files out of <distDir>/standalone, expecting them copied beside server.js
 * (https://nextjs.org/docs/app/api-reference/config/next-config-js/output), and this checks
 * that what the app loads by path at run time is there. Then
 *
 *   node <distDir>/standalone/server.js        (PORT, HOSTNAME; DATA_DIR: see README)
 *
 * runs the app from that directory alone: the Dockerfile copies it into the image.
 */
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
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

// Loaded by path at run time, so only there when outputFileTracingIncludes (next.config.mjs)
// or the tracer put them there: the SVG sanitiser's worker and its parser, PGlite's WebAssembly
// PostgreSQL and its data files, the PostgreSQL driver.
const pglite = path.join(standalone, 'node_modules', '@electric-sql', 'pglite', 'dist');
const required = [
  path.join(standalone, 'lib', 'uploads', 'svg-worker.mjs'),
  path.join(standalone, 'lib', 'uploads', 'svg-sanitize.mjs'),
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
console.log(`[standalone] ${standalone}/server.js ready (static files copied)`);
