import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A production server of the build in use, of the test's own: a free port, a fresh data
 * directory, the environment the test needs, and everything it prints kept in `log()`.
 *
 * It runs the same build as the main e2e server: `.next` in `npm test`, or the directory named
 * by NEXT_DIST_DIR (next.config.mjs reads it) when the suite runs against a build of its own.
 */

export type SpawnedServer = {
  baseURL: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  log: () => string;
  stop: () => Promise<void>;
};

/** The build directory in use: what next.config.mjs's distDir resolves to. */
export const distDir = () => process.env.NEXT_DIST_DIR || '.next';

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
export async function spawnServer(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<SpawnedServer> {
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'banqup-wizard-own-'));
  const child = spawn(process.execPath, [path.join('node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    env: {
      ...process.env,
      NEXT_DIST_DIR: distDir(),
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
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
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
  };

  const baseURL = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return { baseURL, port, dataDir, process: child, log: () => output, stop };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`The server did not start on ${baseURL}:\n${output}`);
}
