/** What every part of the bench shares: statistics, ports, processes and their memory and CPU. */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const progress = (what) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${what}\n`);

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
/** Nearest-rank percentile. */
export const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
export const round = (x, digits = 1) => Number(x.toFixed(digits));

export async function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------
// A process and its children, from /proc.

function readStat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields follow the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** The process and all its descendants. */
export function processTree(root) {
  const parents = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(name);
    if (stat) parents.set(Number(name), stat.ppid);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** Resident memory (VmRSS) of the process tree, in MB. */
export function treeRssMb(root) {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

/** CPU time (user + system) used so far by the process tree, in ms. NOTE: the kernel counts it in ticks of 10 ms. */
const TICK_MS = 10;
export function treeCpuMs(root) {
  let ticks = 0;
  for (const pid of processTree(root)) {
    const stat = readStat(pid);
    if (stat) ticks += stat.utime + stat.stime;
  }
  return ticks * TICK_MS;
}

// ---------------------------------------------------------------------------------------
// Servers.

/** The environment of a bench server: only what it is given (no DATABASE_URL or BANQUP_* of the caller's). */
export function cleanEnv(extra) {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'];
  const env = Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

/**
 * Spawns `next start` (node itself, so the pid is the server's) and waits for the first 200 of
 * `readyPath`. Returns the server with its start-up time (spawn → first 200).
 */
export async function startServer({ cwd = process.cwd(), env, readyPath, logFile, timeoutMs = 120_000, execArgv = [] }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const out = logFile ? openSync(logFile, 'a') : 'ignore';
  const started = performance.now();
  const child = spawn(process.execPath, [...execArgv, 'node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', out, out],
  });
  if (typeof out === 'number') closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  for (;;) {
    if (exited) throw new Error(`the server in ${cwd} exited at start-up (${JSON.stringify(exited)})${logFile ? `: see ${logFile}` : ''}`);
    try {
      const res = await fetch(`${base}${readyPath}`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the server in ${cwd} was not ready within ${timeoutMs} ms`);
    }
    await sleep(20);
  }
  const startupMs = performance.now() - started;
  const server = {
    base,
    port,
    pid: child.pid,
    startupMs,
    child,
    rssMb: () => treeRssMb(child.pid),
    cpuMs: () => treeCpuMs(child.pid),
    /** SIGTERM (the app closes its database cleanly), SIGKILL after 20 s. */
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(timer);
    },
  };
  live.add(server);
  child.once('exit', () => live.delete(server));
  return server;
}
const live = new Set();
process.on('exit', () => {
  for (const server of live) server.child.kill('SIGKILL');
});

export async function launchBrowser() {
  return chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Waits until React has hydrated the element `selector` (its props are attached): clicks before that are lost. */
export async function waitForHydration(page, selector) {
  await page.waitForFunction((selector) => {
    const el = document.querySelector(selector);
    return Boolean(el && Object.keys(el).some((key) => key.startsWith('__reactProps')));
  }, selector);
}
