/**
 * Where this process is in its life: `starting` until start-up has opened and migrated the
 * database, `ready` while it serves, `stopping` from the moment it was asked to stop (SIGTERM or
 * SIGINT: lib/server/shutdown.ts). /api/ready answers 200 only when ready; a send stops starting
 * new calls to Banqup once stopping.
 *
 * NOTE: kept on globalThis: instrumentation.ts (which marks it) and the route handlers and
 * server actions (which read it) are separate webpack bundles, each with its own copy of this
 * module.
 */

export type Phase = 'starting' | 'ready' | 'stopping';

type LifecycleState = { phase: Phase };

const KEY = Symbol.for('banqup-store-wizard.lifecycle');
const holder = globalThis as typeof globalThis & { [KEY]?: LifecycleState };

function state(): LifecycleState {
  holder[KEY] ??= { phase: 'starting' };
  return holder[KEY];
}

export function currentPhase(): Phase {
  return state().phase;
}

/** Start-up is done: the database is open and migrated. A stopping process stays stopping. */
export function markReady(): void {
  if (state().phase === 'starting') state().phase = 'ready';
}

/** Asked to stop: from now on /api/ready answers 503 and no new Banqup call is started. */
export function markStopping(): void {
  state().phase = 'stopping';
}

export function isStopping(): boolean {
  return state().phase === 'stopping';
}

/** For tests: back to a fresh process. */
export function resetLifecycleForTests(phase: Phase = 'starting'): void {
  state().phase = phase;
}
