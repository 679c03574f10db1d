import 'server-only';
import { log } from '../log';

/**
 * Next.js prints its own refusals of a request with console.error, an Error's stack included:
 * a Server Action posted from another origin (CSRF) comes out as a warning line plus
 * "⨯ Error: Invalid Server Actions request." and six lines of stack. That is an expected
 * refusal, not a crash: it becomes one warn line of the app's log (the request's own line
 * says 500), and everything else Next.js prints goes through untouched.
 *
 * NOTE: Next.js offers no logger hook, so console.error and console.warn are wrapped; only the
 * texts below (Next.js's own words, next/dist/server/app-render/action-handler.js) are taken.
 */
const REFUSALS = [
  /from a forwarded Server Actions request\. Aborting the action\.$/,
  /^Missing `origin` header from a forwarded Server Actions request\.$/,
  /^Invalid Server Actions request\.$/,
  /^Failed to find Server Action\b/,
];

/** The refusal's text, if `args` (one console call's) is one of Next.js's expected refusals. */
export function expectedRefusal(args: readonly unknown[]): string | undefined {
  for (const arg of args) {
    const text = arg instanceof Error ? arg.message : typeof arg === 'string' ? arg.trim() : undefined;
    if (text !== undefined && REFUSALS.some((pattern) => pattern.test(text))) return text.slice(0, 500);
  }
  return undefined;
}

const INSTALLED = Symbol.for('banqup-store-wizard.next-refusals');
const globalWithFlag = globalThis as typeof globalThis & { [INSTALLED]?: boolean };

/** Installs the wrapper (instrumentation.ts, once per process). */
export function logNextRefusals(): void {
  if (globalWithFlag[INSTALLED]) return;
  globalWithFlag[INSTALLED] = true;
  for (const method of ['error', 'warn'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const refusal = expectedRefusal(args);
      if (refusal === undefined) return original(...args);
      log.warn('refused by Next.js', { detail: refusal });
    };
  }
}
