import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A production server of the build in use, of the test's own: a free port, a fresh data
 * directory, the environment the test needs, and everything it prints kept in `log()`.
 *
 * It runs the same build as the main e2e server: `.next` in `npm test`, or the directory named
 * by NEXT_DIST_DIR (next.config.mjs reads it) when the suite runs against a build of its own;
 * with `standalone`, that build's standalone server (`node <distDir>/standalone/start.mjs`, as
 * the Docker image runs it) instead of `npm start`.
 */

export type SpawnedServer = {
  baseURL: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  log: () => string;
  /** How the process ended, once it has. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (SIGKILL after 5 s more than the server's grace period); resolves once it has exited. */
  stop: () => Promise<void>;
};

export type SpawnOptions = {
  /** Run <distDir>/standalone/start.mjs (PORT, HOSTNAME) instead of `npm start`'s scripts/start.mjs. */
  standalone?: boolean;
  /** How long to wait for /api/ready. */
  timeoutMs?: number;
};

/** The build directory in use: what next.config.mjs's distDir resolves to. */
export const distDir = () => process.env.NEXT_DIST_DIR || '.next';

/** The NEXT_SERVER_ACTIONS_ENCRYPTION_KEY the build in use was made with (its servers require it with DATABASE_URL). */
export function buildEncryptionKey(): string {
  const manifest = JSON.parse(readFileSync(path.join(distDir(), 'server', 'server-reference-manifest.json'), 'utf8')) as { encryptionKey: string };
  return manifest.encryptionKey;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
  });
}

/**
 * `options.port`: a port chosen beforehand (freePort()), for a test that must know the server's
 * address before it starts, e.g. to put it in APP_URL or register it at an OpenID provider.
 */
export async function spawnServer(env: Record<string, string> = {}, options: SpawnOptions & { port?: number } = {}): Promise<SpawnedServer> {
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'banqup-wizard-own-'));
  // What people run: `npm start` (scripts/start.mjs), or the standalone build's start.mjs.
  const args = [options.standalone ? path.resolve(distDir(), 'standalone', 'start.mjs') : path.join('scripts', 'start.mjs')];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NEXT_DIST_DIR: distDir(),
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      // The standalone server listens on HOSTNAME (next start on -H).
      HOSTNAME: '127.0.0.1',
      DATA_DIR: dataDir,
      BANQUP_API_URL: '',
      APP_URL: '',
      // Warnings and errors only, unless the test asks for more (its `log()` keeps what was printed).
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const graceMs = Number(env.SHUTDOWN_GRACE_SECONDS ?? 0) * 1000;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs + 5_000);
      await exited;
      clearTimeout(killer);
    }
    // The server's own data directory goes with it (PGlite leaves ~40 MB per server otherwise).
    rmSync(dataDir, { recursive: true, force: true });
  };

  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${baseURL}/api/ready`)).ok) return { baseURL, port, dataDir, process: child, log: () => output, exited, stop };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`The server did not become ready on ${baseURL}:\n${output}`);
}
