/**
 * Creates a PGlite database in a brand-new data folder, in a process of its own, then exits:
 *
 *   node lib/db/pglite-init.mjs <dataDir> [<startParam>...]
 *
 * Started by openPglite (lib/db/db.ts) when DATA_DIR holds no database yet. PGlite's initdb runs
 * a second WebAssembly PostgreSQL and an initdb module beside the one being set up, and copies
 * the heap and the new data folder around: some 700 MB. In the server that stayed: a WebAssembly
 * memory cannot shrink, the dropped instances waited for a full garbage collection, and even
 * after V8's idle collections the server kept ~145 MB more than on an existing folder (471 MB
 * against 327 MB). Done here, all of it goes when this process exits; the server then opens the
 * folder as it opens an existing one.
 *
 * Node loads this file from the project directory at run time (`process.cwd()`, where
 * `next start` runs, or the standalone server's directory: next.config.mjs traces it there), not
 * through webpack, and `@electric-sql/pglite` from node_modules. Exit code 0 once the database is
 * on disk and closed; otherwise 1, with the reason on stderr.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const [dataDir, ...startParams] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node lib/db/pglite-init.mjs <dataDir> [<startParam>...]');
  process.exit(2);
}

try {
  const pg = new PGlite(path.resolve(dataDir), startParams.length > 0 ? { startParams } : {});
  await pg.waitReady;
  await pg.close();
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`no database was written in ${dataDir}`);
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
