import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the running build says about its server actions: their ids, and the key it was built
 * with. Read from the build's server-reference-manifest.json, once.
 *
 * NOTE: Next.js names every server action with a hash salted by NEXT_SERVER_ACTIONS_ENCRYPTION_KEY
 * *at build time* (node_modules/next/dist/build/webpack-config.js, `serverReferenceHashSalt`),
 * and writes the key into this manifest; at run time the variable, when set, only overrides the
 * key used to encrypt closed-over values. Two builds of the same code agree on the actions'
 * names only when both were built with the same key: a key given only at run time does not
 * make them agree.
 */
export type BuildInfo = { actionIds: ReadonlySet<string>; encryptionKey?: string; distDir: string };

/** The build directory of the running server, relative to its working directory. */
export function runningDistDir(env: Record<string, string | undefined> = process.env): string {
  // NOTE: the standalone server.js hands Next.js its build-time configuration in this variable.
  const standalone = env.__NEXT_PRIVATE_STANDALONE_CONFIG;
  if (standalone) {
    try {
      const distDir = (JSON.parse(standalone) as { distDir?: unknown }).distDir;
      if (typeof distDir === 'string' && distDir) return distDir;
    } catch {
      // not ours to judge: fall back to the usual place
    }
  }
  return env.NEXT_DIST_DIR || '.next';
}

const KEY = Symbol.for('banqup-store-wizard.build-info');
const holder = globalThis as typeof globalThis & { [KEY]?: BuildInfo | null };

/** Parses a server-reference-manifest.json (exported for tests). */
export function parseActionsManifest(text: string, distDir: string): BuildInfo {
  const manifest = JSON.parse(text) as { node?: Record<string, unknown>; edge?: Record<string, unknown>; encryptionKey?: unknown };
  return {
    actionIds: new Set([...Object.keys(manifest.node ?? {}), ...Object.keys(manifest.edge ?? {})]),
    encryptionKey: typeof manifest.encryptionKey === 'string' ? manifest.encryptionKey : undefined,
    distDir,
  };
}

/** A build's actions and key, read from its manifest (throws where `buildDir` holds no build). */
export function readBuildInfo(buildDir: string, distDir = buildDir): BuildInfo {
  return parseActionsManifest(readFileSync(path.join(buildDir, 'server', 'server-reference-manifest.json'), 'utf8'), distDir);
}

/** The running build's actions and key, or undefined where there is no such build (tests, a dev server). */
export function buildInfo(cwd = process.cwd()): BuildInfo | undefined {
  if (holder[KEY] === undefined) {
    const distDir = runningDistDir();
    try {
      holder[KEY] = readBuildInfo(path.join(cwd, distDir), distDir);
    } catch {
      holder[KEY] = null;
    }
  }
  return holder[KEY] ?? undefined;
}
