import 'server-only';
import { getConfig } from '@/lib/env';
import { openDb, type Db } from './db';

const globalForDb = globalThis as typeof globalThis & { __dbPromise?: Promise<Db>; __dbClosed?: boolean };

/**
 * The process's database: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR.
 * Opened (and migrated) once per process; kept on globalThis because Next.js may load this
 * module once per bundle layer, and PGlite allows one instance per data directory.
 */
export function getDb(): Promise<Db> {
  // Once closed at shutdown it stays closed: a request cut off must not open PGlite again.
  if (globalForDb.__dbClosed) return Promise.reject(new Error('The server is stopping: its database is closed.'));
  if (!globalForDb.__dbPromise) {
    const { database } = getConfig();
    globalForDb.__dbPromise = openDb({ databaseUrl: database.url, dataDir: database.dataDir }).catch((error: unknown) => {
      globalForDb.__dbPromise = undefined;
      throw error;
    });
  }
  return globalForDb.__dbPromise;
}

/** Closes the process's database for good, if it was opened (at shutdown: PGlite flushes its files). */
export async function closeDb(): Promise<void> {
  globalForDb.__dbClosed = true;
  const opened = globalForDb.__dbPromise;
  globalForDb.__dbPromise = undefined;
  const db = await opened?.catch(() => undefined);
  await db?.close();
}

export type { Db, Queryable } from './db';
