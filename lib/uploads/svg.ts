import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SVG_MAX_ATTRIBUTES, SVG_MAX_BYTES, SVG_MAX_COMMENTS, SVG_MAX_DEPTH, SVG_MAX_ELEMENTS, SVG_SANITIZE_TIMEOUT_MS } from '@/lib/banqup/limits';
import { log } from '@/lib/log';
import type { SvgLimits } from './svg-sanitize.mjs';

/**
 * SVG sanitizing for uploaded logos and screenshots, off the request thread.
 *
 * The sanitizer itself (allowlist, attribute filter, limits checked on the raw text before
 * parsing) is lib/uploads/svg-sanitize.mjs; see its module comment. It runs in a worker thread
 * (svg-worker.mjs), under a time limit: a file that would take long to parse or clean delays
 * nobody else's request, and is refused when the time is up (the worker is then stopped and a
 * fresh one started for the next file).
 *
 * NOTE: the worker is a plain .mjs file that Node loads from the project directory at run
 * time (`process.cwd()`, where `next start` runs), not through webpack: a worker file bundled by
 * webpack would need its own chunk and runtime. It imports `@xmldom/xmldom` from node_modules.
 */

export type SvgSanitizeResult =
  | { ok: true; svg: string; removed: string[] }
  /** `temporary`: the refusal is not about the file (the checker was busy or failed); trying again may work. */
  | { ok: false; reason: string; temporary?: true };

export type SanitizeOptions = {
  /** Time for this file in the worker; SVG_SANITIZE_TIMEOUT_MS unless given (tests pass a tiny one). */
  timeoutMs?: number;
};

/** The limits the app applies (lib/banqup/limits.ts). */
export const SVG_LIMITS: SvgLimits = {
  maxBytes: SVG_MAX_BYTES,
  maxElements: SVG_MAX_ELEMENTS,
  maxAttributes: SVG_MAX_ATTRIBUTES,
  maxComments: SVG_MAX_COMMENTS,
  maxDepth: SVG_MAX_DEPTH,
};

/** The worker's heap: the worst file within the limits needs under 100 MB; more means something is wrong. */
const WORKER_MAX_OLD_GENERATION_MB = 256;
/** Time for a new worker to load (xmldom included) before it counts as failed. */
const WORKER_STARTUP_TIMEOUT_MS = 15_000;
/** Files waiting for a worker beyond this many are refused at once (each may take up to the time limit). */
const MAX_QUEUED = 16;

const workerFile = () => path.join(process.cwd(), 'lib', 'uploads', 'svg-worker.mjs');

type Job = { id: number; text: string; timeoutMs: number; resolve: (result: SvgSanitizeResult) => void };
type Slot = { worker: Worker; ready: boolean; startTimer?: NodeJS.Timeout; job?: Job; timer?: NodeJS.Timeout };

const duration = (ms: number) => (ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`);

const refusals = {
  timeout: (ms: number): SvgSanitizeResult => ({ ok: false, reason: `Checking the SVG took longer than ${duration(ms)}; simplify it or upload a PNG.` }),
  busy: (): SvgSanitizeResult => ({ ok: false, reason: 'The server is checking too many SVG files at once; try again in a moment.', temporary: true }),
  failed: (): SvgSanitizeResult => ({ ok: false, reason: 'The SVG could not be checked (the checker stopped unexpectedly); try again, or upload a PNG.', temporary: true }),
};

/**
 * A few worker threads (one per spare core, at most two), started when first needed and kept
 * for the next files; files beyond them wait in a short queue. Each file's time limit starts
 * when a ready worker receives it.
 */
class SvgSanitizerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  readonly counts = { started: 0, terminated: 0 };

  constructor(
    private readonly size: number,
    private readonly limits: SvgLimits,
  ) {}

  run(text: string, timeoutMs: number): Promise<SvgSanitizeResult> {
    return new Promise((resolve) => {
      if (this.queue.length >= MAX_QUEUED) return resolve(refusals.busy());
      this.queue.push({ id: this.nextId++, text, timeoutMs, resolve });
      this.dispatch();
    });
  }

  stats() {
    return { workers: this.slots.length, busy: this.slots.filter((slot) => slot.job).length, queued: this.queue.length, ...this.counts };
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((candidate) => candidate.ready && !candidate.job);
      if (!slot) {
        // One worker starting at a time: enough, and a worker that cannot start fails once, not in a loop.
        if (this.slots.length < this.size && this.slots.every((candidate) => candidate.ready)) this.start();
        return;
      }
      const job = this.queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(() => this.timeout(slot), job.timeoutMs);
      slot.worker.postMessage({ id: job.id, text: job.text, limits: this.limits });
    }
  }

  private start(): void {
    let worker: Worker;
    try {
      worker = new Worker(workerFile(), { resourceLimits: { maxOldGenerationSizeMb: WORKER_MAX_OLD_GENERATION_MB } });
    } catch (error) {
      log.error('SVG worker could not start', { error: error instanceof Error ? error.message : String(error), file: workerFile() });
      this.failQueued();
      return;
    }
    this.counts.started++;
    // An idle worker does not keep the process alive; a file being checked does, through its timer.
    worker.unref();
    const slot: Slot = { worker, ready: false };
    this.slots.push(slot);
    slot.startTimer = setTimeout(() => this.fail(slot, new Error(`the SVG worker did not start within ${duration(WORKER_STARTUP_TIMEOUT_MS)}`)), WORKER_STARTUP_TIMEOUT_MS);
    worker.on('message', (message: { ready: true } | { id: number; result: SvgSanitizeResult }) => {
      if ('ready' in message) {
        clearTimeout(slot.startTimer);
        slot.ready = true;
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      clearTimeout(slot.timer);
      slot.job = undefined;
      job.resolve(message.result);
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(slot, error));
    worker.on('exit', (code) => this.fail(slot, new Error(`the SVG worker exited (code ${code})`)));
  }

  /** Time is up for the file in `slot`: stop its worker (a fresh one is started for the next file). */
  private timeout(slot: Slot): void {
    const job = slot.job;
    this.remove(slot);
    this.counts.terminated++;
    void slot.worker.terminate();
    job?.resolve(refusals.timeout(job.timeoutMs));
    this.dispatch();
  }

  /** The worker in `slot` crashed, ran out of memory, or could not start. */
  private fail(slot: Slot, error: unknown): void {
    if (!this.slots.includes(slot)) return; // already stopped on purpose
    const job = slot.job;
    this.remove(slot);
    void slot.worker.terminate();
    log.error('SVG worker failed', { error: error instanceof Error ? error.message : String(error), file: workerFile() });
    job?.resolve(refusals.failed());
    if (!slot.ready) {
      // It could not even start: the files waiting would wait for ever. The next upload tries again.
      this.failQueued();
    }
    this.dispatch();
  }

  private failQueued(): void {
    for (const job of this.queue.splice(0)) job.resolve(refusals.failed());
  }

  private remove(slot: Slot): void {
    clearTimeout(slot.startTimer);
    clearTimeout(slot.timer);
    slot.job = undefined;
    const index = this.slots.indexOf(slot);
    if (index !== -1) this.slots.splice(index, 1);
  }
}

// One pool per process, even if this module is bundled into several chunks or reloaded in development.
const POOL = Symbol.for('banqup-store-wizard.svg-sanitizer');
function pool(): SvgSanitizerPool {
  const holder = globalThis as { [POOL]?: SvgSanitizerPool };
  return (holder[POOL] ??= new SvgSanitizerPool(Math.max(1, Math.min(2, availableParallelism() - 1)), SVG_LIMITS));
}

/**
 * Sanitizes an uploaded SVG in a worker thread. On success `svg` is freshly serialized XML whose
 * root is <svg> and `removed` lists, once each and in document order, what was taken out. A file
 * that takes longer than the time limit is refused.
 */
export function sanitizeSvg(text: string, options: SanitizeOptions = {}): Promise<SvgSanitizeResult> {
  return pool().run(text, options.timeoutMs ?? SVG_SANITIZE_TIMEOUT_MS);
}

/** The pool's state: workers alive, busy, files waiting; workers started and stopped (timed out) so far. */
export function svgSanitizerStats() {
  return pool().stats();
}
