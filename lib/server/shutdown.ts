import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isStopping, markStopping } from './lifecycle';
import { onRequest } from './request-hook';
import { counted } from '../text';

/**
 * Graceful shutdown on SIGTERM (docker stop, Kubernetes, systemd) and SIGINT (Ctrl-C):
 *
 * 1. /api/ready answers 503 at once (lib/server/lifecycle.ts), and a send stops starting new
 *    Banqup calls; for SHUTDOWN_DELAY_SECONDS (default 0) the server still takes requests, so a
 *    load balancer polling /api/ready stops sending here before the listener closes;
 * 2. the listener closes: no new connection is taken; idle keep-alive connections are closed,
 *    and every answer from now on says `Connection: close`;
 * 3. the requests still running (a send to Banqup may take BANQUP_TIMEOUT_MS × attempts) may
 *    finish, for at most the grace period (SHUTDOWN_GRACE_SECONDS) counted from the signal;
 *    whatever still runs then is cut off. A send cut off leaves its step's claim to expire (60 s)
 *    and its calls under way as "outcome unknown", as a crash would: nothing worse;
 * 4. the database is closed (PGlite flushes its files), and the process exits with 0.
 *
 * NOTE: Next.js's own handler (node_modules/next/dist/server/lib/start-server.js, installed
 * unless NEXT_MANUAL_SIG_HANDLE is set) also closes the listener, but then waits for every
 * connection without bound and exits with 143 (SIGTERM) or 130 (SIGINT) without closing our
 * database. It is installed before instrumentation.ts runs, so `installShutdown` removes the
 * signal listeners present at that moment and puts its own in their place; code that needs to
 * run at shutdown registers with `onShutdown` rather than with process.on('SIGTERM').
 */

type Log = {
  info: (message: string, fields?: Record<string, unknown>) => void;
  warn: (message: string, fields?: Record<string, unknown>) => void;
};

export type ShutdownOptions = {
  server: Pick<Server, 'close' | 'closeIdleConnections' | 'closeAllConnections'>;
  /** From the signal to the forced end of the requests still running. */
  graceMs: number;
  /** From the signal to the listener's close (ready answers 503 meanwhile); within the grace period. */
  delayMs?: number;
  closeDatabase: () => Promise<void>;
  exit: (code: number) => void;
  log: Log;
  /** How long each shutdown hook and the database's close may take. */
  stepTimeoutMs?: number;
  now?: () => number;
};

export type Shutdown = {
  /** Counts a request as running until its response is closed (finished or cut off). */
  track: (req: IncomingMessage, res: ServerResponse) => void;
  /** Stops the process as above; a second call (a second signal) returns the same promise. */
  stop: (signal: string) => Promise<void>;
  running: () => number;
};

type Hook = () => unknown;
const HOOKS = Symbol.for('banqup-store-wizard.shutdown-hooks');
const INSTALLED = Symbol.for('banqup-store-wizard.shutdown-installed');
const holder = globalThis as typeof globalThis & { [HOOKS]?: Hook[]; [INSTALLED]?: Shutdown };

/** Runs `hook` when the process stops, after the running requests and before the database closes. */
export function onShutdown(hook: Hook): void {
  (holder[HOOKS] ??= []).push(hook);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function within<T>(ms: number, work: () => T | Promise<T>): Promise<'done' | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(work()).then(() => 'done' as const),
      new Promise<'timed out'>((resolve) => {
        timer = setTimeout(() => resolve('timed out'), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const now = options.now ?? Date.now;
  const stepTimeoutMs = options.stepTimeoutMs ?? 5_000;
  const running = new Set<ServerResponse>();
  let idle: (() => void) | undefined;
  let stopping: Promise<void> | undefined;

  const track: Shutdown['track'] = (_req, res) => {
    running.add(res);
    // A request that came in on a kept-alive connection while stopping is served, then its
    // connection closed: the client opens the next one elsewhere.
    if (isStopping() && !res.headersSent) res.setHeader('connection', 'close');
    res.once('close', () => {
      running.delete(res);
      if (!stopping) return;
      // Its connection, if kept alive (its headers went out before the signal), is idle now.
      setImmediate(() => options.server.closeIdleConnections());
      if (running.size === 0) idle?.();
    });
  };

  const stop = (signal: string): Promise<void> => {
    stopping ??= (async () => {
      const startedAt = now();
      markStopping();
      options.log.info(`${signal}: stopping; ${counted(running.size, 'request')} running, waiting up to ${Math.round(options.graceMs / 1000)} s for them`, {
        signal,
        running: running.size,
        graceMs: options.graceMs,
      });
      try {
        for (const res of running) if (!res.headersSent) res.setHeader('connection', 'close');
        const delayMs = Math.min(options.delayMs ?? 0, options.graceMs);
        if (delayMs > 0) await sleep(delayMs);
        options.server.close();
        options.server.closeIdleConnections();
        if (running.size > 0) {
          const finished = new Promise<void>((resolve) => (idle = resolve));
          const outcome = await Promise.race([finished.then(() => 'finished' as const), sleep(options.graceMs - (now() - startedAt)).then(() => 'grace over' as const)]);
          if (outcome === 'grace over' && running.size > 0) {
            options.log.warn(`grace period over: ${counted(running.size, 'request')} cut off`, { running: running.size, graceMs: options.graceMs });
          }
        }
        options.server.closeAllConnections();
        for (const hook of holder[HOOKS] ?? []) {
          if ((await within(stepTimeoutMs, hook).catch(() => 'failed')) !== 'done') options.log.warn('a shutdown hook failed or took too long');
        }
        if ((await within(stepTimeoutMs, options.closeDatabase).catch(() => 'failed')) !== 'done') options.log.warn('the database did not close cleanly');
        options.log.info(`stopped after ${now() - startedAt} ms`, { signal, ms: now() - startedAt });
      } finally {
        options.exit(0);
      }
    })();
    return stopping;
  };

  return { track, stop, running: () => running.size };
}

/**
 * Takes over SIGTERM and SIGINT for the process's HTTP server (found by the request hook) and
 * counts its requests. Only in production: `next dev` restarts itself through these signals.
 * Returns the shutdown, or undefined when there is no server to drain (Next.js's own handler
 * then stays in place).
 */
export function installShutdown(options: Omit<ShutdownOptions, 'server' | 'exit'> & { server: Server | undefined }): Shutdown | undefined {
  if (holder[INSTALLED]) return holder[INSTALLED];
  const { server } = options;
  if (!server || process.env.NODE_ENV !== 'production') return undefined;
  const shutdown = createShutdown({ ...options, server, exit: (code) => process.exit(code) });
  onRequest((req, res) => shutdown.track(req, res));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => void shutdown.stop(signal));
  }
  holder[INSTALLED] = shutdown;
  return shutdown;
}
