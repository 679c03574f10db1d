/**
 * Writes a tarball of a newly initialised PGlite data folder:
 *
 *   node test/pglite-data-dir.mjs <file>
 *
 * Run by test/global-setup.ts, in a process of its own (PGlite's initdb allocates some 700 MB,
 * which leaves with the process). The tests' PGlite instances load this tarball instead of each
 * running initdb again (test/databases.ts).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: node test/pglite-data-dir.mjs <file>');
  process.exit(2);
}

const pg = new PGlite('memory://');
await pg.waitReady;
const tarball = await pg.dumpDataDir('none');
await pg.close();
// Written whole, then renamed: a run that starts meanwhile never reads half a file.
const partial = `${file}.${process.pid}.partial`;
writeFileSync(partial, new Uint8Array(await tarball.arrayBuffer()));
renameSync(partial, file);
