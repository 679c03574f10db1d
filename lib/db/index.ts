import 'server-only';
import { getConfig } from '@/lib/env';
import { openDb, type Db } from './db';

const globalForDb = globalThis as typeof globalThis & { __dbPromise?: Promise<Db> };

/**
 * The process's database: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR.
 * Opened (and migrated) once per process; kept on globalThis because Next.js may load this
 * module once per bundle layer, and PGlite allows one instance per data directory.
 */
export function getDb(): Promise<Db> {
  if (!globalForDb.__dbPromise) {
    const { database } = getConfig();
    globalForDb.__dbPromise = openDb({ databaseUrl: database.url, dataDir: database.dataDir }).catch((error: unknown) => {
      globalForDb.__dbPromise = undefined;
      throw error;
    });
  }
  return globalForDb.__dbPromise;
}

export type { Db, Queryable } from './db';
