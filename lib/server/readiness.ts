import { pendingMigrations, type Queryable } from '@/lib/db/db';
import type { Phase } from './lifecycle';

/**
 * What GET /api/ready answers: 200 only while the process is ready (started, not stopping), its
 * database answers within `timeoutMs`, and every migration of this build is applied. Small, and
 * without anything secret: the route is reached without signing in, by load balancers.
 */
export type Readiness = {
  status: 200 | 503;
  body: {
    status: 'ready' | 'starting' | 'stopping' | 'unavailable';
    database?: { ok: boolean; driver: 'pglite' | 'postgres'; latencyMs?: number };
    pendingMigrations?: string[];
  };
};

export const READY_TIMEOUT_MS = 2_000;

export async function readiness(deps: {
  phase: Phase;
  driver: 'pglite' | 'postgres';
  db: () => Promise<Queryable>;
  timeoutMs?: number;
  now?: () => number;
}): Promise<Readiness> {
  if (deps.phase !== 'ready') return { status: 503, body: { status: deps.phase } };
  const now = deps.now ?? (() => performance.now());
  const started = now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const pending = await Promise.race([
      deps.db().then((db) => pendingMigrations(db)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), deps.timeoutMs ?? READY_TIMEOUT_MS);
      }),
    ]);
    const database = { ok: true, driver: deps.driver, latencyMs: Math.round(now() - started) };
    if (pending.length > 0) return { status: 503, body: { status: 'unavailable', database, pendingMigrations: pending } };
    return { status: 200, body: { status: 'ready', database } };
  } catch {
    return { status: 503, body: { status: 'unavailable', database: { ok: false, driver: deps.driver } } };
  } finally {
    clearTimeout(timer);
  }
}
