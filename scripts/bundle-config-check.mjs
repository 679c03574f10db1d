#!/usr/bin/env node
/**
 * Part of `npm run build`: bundles lib/config-check.ts (the environment's parser and the checks
 * that need no database) into <distDir>/config-check.mjs, which `npm start` (scripts/start.mjs)
 * runs before Next.js starts, so that a bad setting stops the app before it prints "Ready".
 * One parser: the bundle is the TypeScript the app itself runs, not a copy.
 */
import path from 'node:path';
import { build } from 'esbuild';

const distDir = process.env.NEXT_DIST_DIR || '.next';
const outfile = path.join(distDir, 'config-check.mjs');
await build({
  entryPoints: ['lib/config-check.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // `server-only` resolves to an empty module under react-server, as in the app's server build.
  conditions: ['react-server'],
  logLevel: 'warning',
  legalComments: 'none',
});
console.log(`[config-check] ${outfile} bundled`);
