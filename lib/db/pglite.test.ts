import * as childProcess from 'node:child_process';
import v8 from 'node:v8';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initPgliteFolder, openDb, PGLITE_SETTINGS, PGLITE_V8_FLAGS, pgliteInitScript, type Db } from './db';

// The real spawn, watched: which processes openDb starts.
vi.mock('node:child_process', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:child_process')>();
  return { ...real, spawn: vi.fn(real.spawn) };
});
const spawn = vi.mocked(childProcess.spawn);
// And the V8 flags it sets.
vi.mock('node:v8', async (importOriginal) => {
  const real = await importOriginal<{ default: typeof import('node:v8') }>();
  const v8 = { ...real.default, setFlagsFromString: vi.fn(real.default.setFlagsFromString) };
  return { ...v8, default: v8 };
});
const setFlags = vi.mocked(v8.setFlagsFromString);

describe('PGlite in a data folder', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'wizard-pglite-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeEach(() => {
    spawn.mockClear();
  });

  it('creates a brand-new folder’s database in a child process that exits, then opens it as an existing one', { timeout: 120_000 }, async () => {
    const dir = path.join(root, 'new', 'data'); // parents missing too
    const first = await openDb({ dataDir: dir });
    try {
      expect(spawn).toHaveBeenCalledTimes(1);
      const [command, args] = spawn.mock.calls[0] ?? [];
      expect(command).toBe(process.execPath);
      // The set-up process compiles PostgreSQL as the server does (Liftoff only), and gets its settings.
      expect((args as readonly string[]).slice(0, 3)).toEqual(['--liftoff-only', pgliteInitScript(), path.resolve(dir)]);
      expect((args as readonly string[]).join(' ')).toContain('-c shared_buffers=4MB');
      expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
      await first.query('INSERT INTO registrations (id) VALUES ($1)', ['0b5ae5d4-5a63-4c43-a5f1-0e7c7d0f0d01']);
    } finally {
      await first.close();
    }

    // Existing folder: opened in this process, no child; the data and the migrations are there.
    spawn.mockClear();
    const second = await openDb({ dataDir: dir });
    try {
      expect(spawn).not.toHaveBeenCalled();
      expect(await second.query('SELECT id FROM registrations')).toEqual([{ id: '0b5ae5d4-5a63-4c43-a5f1-0e7c7d0f0d01' }]);
    } finally {
      await second.close();
    }
  });

  describe('in memory', () => {
    // One in-memory database for the three tests below (a boot costs seconds): what openDb
    // started and set while opening it is recorded, then each test reads its part.
    let db: Db;
    let spawnedWhileOpening: unknown[];
    let flagsSetWhileOpening: unknown[][];
    beforeAll(async () => {
      spawn.mockClear();
      setFlags.mockClear();
      db = await openDb({ dataDir: 'memory://' });
      spawnedWhileOpening = [...spawn.mock.calls];
      flagsSetWhileOpening = [...setFlags.mock.calls];
    });
    afterAll(async () => db.close());

    it('opens an in-memory database without a child process', () => {
      expect(spawnedWhileOpening).toEqual([]);
    });

    it('runs PostgreSQL with the app’s settings (a small shared memory, resident from the start)', async () => {
      expect(PGLITE_SETTINGS.shared_buffers).toBeDefined();
      for (const [name, value] of Object.entries(PGLITE_SETTINGS)) {
        expect(await db.query(`SHOW ${name}`), name).toEqual([{ [name]: value }]);
      }
    });

    it('keeps PostgreSQL’s WebAssembly on V8’s baseline compiler (no TurboFan tier kept in memory)', () => {
      expect(PGLITE_V8_FLAGS).toEqual(['--liftoff-only']);
      expect(flagsSetWhileOpening).toContainEqual(['--liftoff-only']);
    });
  });

  it('says why when the database cannot be created', { timeout: 60_000 }, async () => {
    // A folder that cannot be made: the child exits 1 with the reason on stderr.
    await expect(initPgliteFolder('/proc/self/no-such-folder', [])).rejects.toThrow(/^could not create the database in \/proc\/self\/no-such-folder \(exit code 1\): \S/);
  });
});
