#!/usr/bin/env node
/**
 * npm run bench:unit -- <revision> [pairs]: the unit suite's time (`npx vitest run`) here and at
 * an earlier revision, measured alternately in one run on this machine (old, new, old, new...),
 * so that load and thermal drift touch both alike. Wall time and CPU time (user + system of
 * vitest and every process it started) per run, then the medians and their ratio.
 *
 * The earlier revision is checked out in a temporary git worktree that borrows this checkout's
 * node_modules (hard links: no install, no network), and is removed at the end. Run it on a quiet
 * machine: another build or test run on the same cores skews both sides.
 *
 *   npm run bench:unit -- aba6432 3     # issue 14's figure: before the unit-suite work, 3 pairs
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [revision, pairsArg = '3'] = process.argv.slice(2);
if (!revision) {
  console.error('usage: npm run bench:unit -- <revision> [pairs]');
  process.exit(2);
}
const pairs = Number(pairsArg);
if (!Number.isInteger(pairs) || pairs < 1) {
  console.error(`pairs must be a whole number from 1, not ${pairsArg}`);
  process.exit(2);
}

const here = process.cwd();
const git = (...args) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();
const commit = git('rev-parse', '--verify', `${revision}^{commit}`);
const head = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
const old = path.join(mkdtempSync(path.join(os.tmpdir(), 'unit-suite-')), 'old');

/** GNU time, which reports the CPU time of a whole process tree; other systems get wall time only. */
const gnuTime = (() => {
  try {
    return /GNU/.test(execFileSync('/usr/bin/time', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) + '');
  } catch (error) {
    return /GNU/.test(String(error?.stderr ?? ''));
  }
})();

/** One `npx vitest run` in `cwd`: wall seconds and the CPU seconds of the whole process tree (NaN without GNU time). */
function run(cwd) {
  return new Promise((resolve, reject) => {
    const timeFile = path.join(path.dirname(old), `time-${Date.now()}`);
    const command = gnuTime ? ['/usr/bin/time', ['-f', '%e %U %S', '-o', timeFile, 'npx', 'vitest', 'run']] : ['npx', ['vitest', 'run']];
    const started = performance.now();
    const child = spawn(command[0], command[1], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const [wall, user, system] = gnuTime ? readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(/\s+/).map(Number) : [(performance.now() - started) / 1000, NaN, NaN];
      rmSync(timeFile, { force: true });
      const tests = /Tests\s+(.+)/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]?.trim() ?? '?';
      resolve({ code, wall, cpu: user + system, tests });
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  git('worktree', 'add', '--detach', old, commit);
  execFileSync('cp', ['-al', path.join(here, 'node_modules'), path.join(old, 'node_modules')]);
  console.log(`# npx vitest run: ${revision} (${commit.slice(0, 7)}) against HEAD ${head}${dirty ? ' with uncommitted changes' : ''}, ${pairs} pair(s), alternately`);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, load average at the start ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const results = { old: [], new: [] };
  for (let pair = 1; pair <= pairs; pair++) {
    for (const [side, cwd] of [['old', old], ['new', here]]) {
      const result = await run(cwd);
      results[side].push(result);
      console.log(`${side} ${pair}: wall ${result.wall.toFixed(1)} s, CPU ${result.cpu.toFixed(1)} s, exit ${result.code}, tests ${result.tests}`);
    }
  }
  const wall = { old: median(results.old.map((r) => r.wall)), new: median(results.new.map((r) => r.wall)) };
  const cpu = { old: median(results.old.map((r) => r.cpu)), new: median(results.new.map((r) => r.cpu)) };
  console.log(`median wall: ${wall.old.toFixed(1)} s → ${wall.new.toFixed(1)} s (ratio ${(wall.new / wall.old).toFixed(2)})`);
  console.log(`median CPU:  ${cpu.old.toFixed(1)} s → ${cpu.new.toFixed(1)} s (ratio ${(cpu.new / cpu.old).toFixed(2)})`);
  if ([...results.old, ...results.new].some((r) => r.code !== 0)) {
    console.log('a run failed: its time is not comparable');
    process.exitCode = 1;
  }
} finally {
  try {
    git('worktree', 'remove', '--force', old);
  } catch {
    // never made
  }
  rmSync(path.dirname(old), { recursive: true, force: true });
}
