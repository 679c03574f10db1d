/**
 * The deployment id of this code (next.config.mjs's `deploymentId`): NEXT_DEPLOYMENT_ID when set
 * (a release tag, a commit), else a digest of the sources that make the build.
 *
 * Why a digest and not the build's time or a random id: with `next start`, next.config.mjs is
 * read again when the server starts, and replicas built apart (each host running
 * `npm run build`) must agree on the id for the same code, or every page one of them served
 * would be reloaded by the client router when its next request reached another. A digest of
 * the same sources is the same everywhere, and changes with any change of code or dependency.
 * (The standalone server keeps the id its build had.)
 *
 * Plain JavaScript: next.config.mjs loads it before anything is compiled.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What goes into the build: the app's sources, its dependencies' lock, its configuration (and the
 * build step next.config.mjs adds).
 * NOTE: not tsconfig.json, which `next build` itself edits (it adds the types of every distDir).
 */
export const SOURCES = ['app', 'components', 'lib', 'features', 'proxy.ts', 'instrumentation.ts', 'next.config.mjs', 'scripts/ascii-server-chunks.mjs', 'package.json', 'package-lock.json', 'postcss.config.mjs'];

const TESTS = /\.test\.(ts|tsx|mjs|js)$/;

function files(root, entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { withFileTypes: true })
    .flatMap((child) => (child.isDirectory() ? files(root, path.join(entry, child.name)) : [path.join(entry, child.name)]))
    .filter((file) => !TESTS.test(file));
}

/** `src-` and 16 hex digits of a SHA-256 over the sources' paths and contents. */
export function sourceDigest(root = process.cwd()) {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((entry) => files(root, entry)).sort()) {
    hash.update(file.split(path.sep).join('/')).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return `src-${hash.digest('hex').slice(0, 16)}`;
}

/** NEXT_DEPLOYMENT_ID (letters, digits, - and _ only, as Next.js requires), else the digest. */
export function deploymentId(env = process.env, root = process.cwd()) {
  const given = env.NEXT_DEPLOYMENT_ID?.trim();
  if (given) {
    if (!/^[A-Za-z0-9_-]+$/.test(given)) throw new Error(`NEXT_DEPLOYMENT_ID may hold only letters, digits, - and _ (got "${given}")`);
    return given;
  }
  return sourceDigest(root);
}
