#!/usr/bin/env node
/**
 * `npm start`, and the standalone server's entry (the Dockerfile runs `node start.mjs`).
 *
 * Checks the configuration first, with the app's own parser (lib/config-check.ts, bundled by
 * `npm run build`), and stops with one line naming the setting, before Next.js listens and
 * prints "Ready": `PORT=abc npm start` says that PORT is wrong, not that `-p` is. Then starts
 * the server in this process: `next start -H $HOST -p $PORT` (HOST 127.0.0.1 and PORT 3000 by
 * default), or, beside a standalone build, its server.js (HOSTNAME and PORT, as Next.js reads
 * them). The app checks the same things again once it listens (instrumentation.ts), and opens
 * its database before /api/ready says ready.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// scripts/standalone.mjs puts this file beside the standalone server.js, with start.json.
const standalone = existsSync(path.join(here, 'server.js'));
const distDir = standalone ? JSON.parse(readFileSync(path.join(here, 'start.json'), 'utf8')).distDir : process.env.NEXT_DIST_DIR || '.next';
const buildDir = standalone ? path.join(here, distDir) : path.resolve(distDir);

// The .env files first, as Next.js loads them (they never override the environment): the
// check must judge the settings the server will run with.
const require = createRequire(import.meta.url);
require('@next/env').loadEnvConfig(standalone ? here : process.cwd(), false, { info: () => {}, error: console.error });

// Empty is unset, as `${PORT:-3000}` treated it.
for (const name of ['PORT', 'HOST', 'HOSTNAME']) if (process.env[name]?.trim() === '') delete process.env[name];
const host = standalone ? (process.env.HOSTNAME ?? '0.0.0.0') : (process.env.HOST ?? '127.0.0.1');

const check = path.join(buildDir, 'config-check.mjs');
if (!existsSync(check)) {
  console.error(`No production build in ${distDir} (${path.relative(process.cwd(), check) || check} is missing): run \`npm run build\` first.`);
  process.exit(1);
}
const { startProblem } = await import(pathToFileURL(check).href);
const problem = startProblem(process.env, { host, distDir: buildDir });
if (problem) {
  console.error(problem);
  process.exit(1);
}

if (standalone) {
  await import(pathToFileURL(path.join(here, 'server.js')).href);
} else {
  const next = require.resolve('next/dist/bin/next');
  process.argv = [process.argv[0], next, 'start', '-H', host, '-p', process.env.PORT ?? '3000'];
  await import(pathToFileURL(next).href);
}
