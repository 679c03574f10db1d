import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentPhase, resetLifecycleForTests } from './lifecycle';
import { createShutdown, installShutdown, onShutdown, type Shutdown } from './shutdown';

/**
 * The shutdown on a real node:http server: requests that take `?ms=` milliseconds, a keep-alive
 * client, and the process's exit and database replaced by spies.
 */
type Harness = {
  server: Server;
  port: number;
  shutdown: Shutdown;
  exit: ReturnType<typeof vi.fn>;
  closeDatabase: ReturnType<typeof vi.fn>;
  lines: string[];
  exited: Promise<number>;
};

async function harness(options: { graceMs: number; delayMs?: number; closeDatabase?: () => Promise<void> }): Promise<Harness> {
  const lines: string[] = [];
  let onExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (onExit = resolve));
  const exit = vi.fn((code: number) => onExit(code));
  const closeDatabase = vi.fn(options.closeDatabase ?? (async () => undefined));
  const server = http.createServer();
  const shutdown = createShutdown({
    server,
    graceMs: options.graceMs,
    delayMs: options.delayMs,
    closeDatabase,
    exit,
    log: { info: (message) => lines.push(`info ${message}`), warn: (message) => lines.push(`warn ${message}`) },
    stepTimeoutMs: 300,
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    shutdown.track(req, res);
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
    setTimeout(() => res.end(`done after ${ms} ms`), ms);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, shutdown, exit, closeDatabase, lines, exited };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function get(port: number, path: string): Promise<{ status: number; connection?: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => resetLifecycleForTests());

describe('graceful shutdown', () => {
  it('with nothing running: closes the listener and the database at once, and exits with 0', async () => {
    resetLifecycleForTests('ready');
    const h = await harness({ graceMs: 5_000 });
    expect((await get(h.port, '/')).status).toBe(200); // leaves an idle keep-alive connection behind
    const started = Date.now();
    await h.shutdown.stop('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(1_000); // the idle connection did not hold it
    expect(currentPhase()).toBe('stopping');
    expect(h.closeDatabase).toHaveBeenCalledTimes(1);
    expect(h.server.listening).toBe(false);
    expect(h.lines[0]).toBe('info SIGTERM: stopping; 0 requests running, waiting up to 5 s for them');
  });

  it('lets a running request finish (told to close its connection), refuses new connections meanwhile, then exits', async () => {
    const h = await harness({ graceMs: 5_000 });
    const slow = get(h.port, '/?ms=600');
    await wait(100);
    const stopping = h.shutdown.stop('SIGTERM');
    expect(h.shutdown.running()).toBe(1);
    await wait(50);
    await expect(get(h.port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(h.exit).not.toHaveBeenCalled();
    expect(h.closeDatabase).not.toHaveBeenCalled(); // not while a request may still use it
    expect(await slow).toEqual({ status: 200, connection: 'close', body: 'done after 600 ms' });
    await stopping;
    expect(await h.exited).toBe(0);
    expect(h.closeDatabase).toHaveBeenCalledTimes(1);
    expect(h.lines.some((line) => line.startsWith('warn'))).toBe(false);
  });

  it('cuts off what still runs when the grace period is over, and still exits with 0', async () => {
    const h = await harness({ graceMs: 400 });
    const endless = get(h.port, '/?ms=10000');
    await wait(100);
    const started = Date.now();
    await h.shutdown.stop('SIGINT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(Date.now() - started).toBeLessThan(1_500);
    await expect(endless).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(await h.exited).toBe(0);
    expect(h.lines).toContain('warn grace period over: 1 request cut off');
    expect(h.closeDatabase).toHaveBeenCalledTimes(1);
  });

  it('with a delay: keeps serving (each answer closing its connection) while ready says stopping, then closes', async () => {
    const h = await harness({ graceMs: 5_000, delayMs: 400 });
    const stopping = h.shutdown.stop('SIGTERM');
    expect(currentPhase()).toBe('stopping');
    await wait(100);
    expect(await get(h.port, '/')).toMatchObject({ status: 200, connection: 'close' });
    await stopping;
    await expect(get(h.port, '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await h.exited).toBe(0);
  });

  it('a second signal changes nothing: one stop, one exit', async () => {
    const h = await harness({ graceMs: 5_000 });
    const slow = get(h.port, '/?ms=300');
    await wait(50);
    const first = h.shutdown.stop('SIGINT');
    const second = h.shutdown.stop('SIGINT');
    expect(second).toBe(first);
    await slow;
    await first;
    expect(h.exit).toHaveBeenCalledTimes(1);
    expect(h.closeDatabase).toHaveBeenCalledTimes(1);
  });

  it('runs the shutdown hooks after the requests and before the database; a stuck hook or database does not keep it from exiting', async () => {
    const order: string[] = [];
    onShutdown(() => void order.push('hook'));
    onShutdown(() => new Promise(() => undefined)); // never settles
    const h = await harness({
      graceMs: 5_000,
      closeDatabase: async () => {
        order.push('database');
        await new Promise(() => undefined);
      },
    });
    h.server.on('request', (_req: IncomingMessage, res: ServerResponse) => res.once('finish', () => order.push('request done')));
    const slow = get(h.port, '/?ms=200');
    await wait(50);
    const stopping = h.shutdown.stop('SIGTERM');
    await slow;
    await stopping;
    expect(order).toEqual(['request done', 'hook', 'database']);
    expect(await h.exited).toBe(0);
    expect(h.lines).toEqual(expect.arrayContaining(['warn a shutdown hook failed or took too long', 'warn the database did not close cleanly']));
  });
});

describe('installing it', () => {
  it('takes SIGTERM and SIGINT over from the handlers already there (Next.js’s), in production only', async () => {
    const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
    const nextjs = () => undefined;
    process.on('SIGTERM', nextjs);
    process.on('SIGINT', nextjs);
    const server = http.createServer();
    const options = { server, graceMs: 1_000, closeDatabase: async () => undefined, log: { info: () => undefined, warn: () => undefined } };
    try {
      vi.stubEnv('NODE_ENV', 'development');
      expect(installShutdown(options)).toBeUndefined();
      expect(process.listeners('SIGTERM')).toContain(nextjs);
      vi.stubEnv('NODE_ENV', 'production');
      expect(installShutdown({ ...options, server: undefined })).toBeUndefined(); // nothing to drain: Next.js's stays
      expect(process.listeners('SIGTERM')).toContain(nextjs);
      const shutdown = installShutdown(options);
      expect(shutdown).toBeDefined();
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        expect(process.listeners(signal)).not.toContain(nextjs);
        expect(process.listeners(signal)).toHaveLength(1);
      }
      expect(installShutdown(options)).toBe(shutdown); // once per process
    } finally {
      vi.unstubAllEnvs();
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.removeAllListeners(signal);
        for (const listener of before[signal]) process.on(signal, listener);
      }
    }
  });
});
