import { afterAll, beforeAll, vi } from 'vitest';
import { openTestDb } from './databases';
import { startSandbox, type RunningSandbox } from './sandbox';

/** The wizard's actions and step 1's (lib/wizard/actions.ts, lib/wizard/steps/1-draft-app/actions.ts). */
type Actions = typeof import('@/lib/wizard/actions') & typeof import('@/lib/wizard/steps/1-draft-app/actions');
type Repo = typeof import('@/lib/registration/repository');
type Db = Awaited<ReturnType<typeof import('@/lib/db')['getDb']>>;

export type AppAgainstSandbox = { sandbox: RunningSandbox; actions: Actions; repo: Repo; db: Db };

const globals = globalThis as Record<string, unknown>;

/**
 * The sandbox and the app's modules configured against it, made once per worker process: the
 * test files that use appAgainstSandbox run in a project of their own ("app" in vitest.config.mts,
 * without isolation), so a worker runs them one after the other on the same app, as a server
 * keeps its modules between requests. Its configuration is read once, on first use, and every
 * file sees the same: BANQUP_API_URL is this sandbox, so the app's own sandbox is off.
 */
let shared: Promise<Omit<AppAgainstSandbox, 'db'>> | undefined;

async function startApp(): Promise<Omit<AppAgainstSandbox, 'db'>> {
  const sandbox = await startSandbox();
  vi.stubEnv('BANQUP_API_URL', sandbox.apiUrl);
  vi.stubEnv('BANQUP_API_TOKEN', 'sandbox-token');
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('DATA_DIR', 'memory://');
  mockNext();
  const actions = { ...(await import('@/lib/wizard/actions')), ...(await import('@/lib/wizard/steps/1-draft-app/actions')) };
  const repo = await import('@/lib/registration/repository');
  return { sandbox, actions, repo };
}

/**
 * Outside a request there are no request headers: the actions see an unstamped request, which
 * AUTH_MODE=none (the default) takes as the local user. Outside Next.js there is no page cache to
 * revalidate. Registered again by every file (vitest forgets a file's mocks after it): a module
 * one file imports first gets them too.
 */
function mockNext() {
  vi.doMock('next/headers', () => ({ headers: async () => new Headers() }));
  vi.doMock('next/cache', () => ({ revalidatePath: () => undefined }));
}

/**
 * The app's server actions against a sandbox that plays a real Banqup environment, on a
 * database of this test file's own (a fresh one from the tests' pool, test/databases.ts), with
 * no fault armed: registered as this file's beforeAll/afterAll. Read the fields inside tests,
 * once they have started.
 */
export function appAgainstSandbox(): AppAgainstSandbox {
  const app = {} as AppAgainstSandbox;
  beforeAll(async () => {
    mockNext();
    shared ??= startApp();
    Object.assign(app, await shared);
    // What an earlier file left at the sandbox: faults still armed go; its applications stay, under ids of their own.
    await app.sandbox.clearFaults();
    delete globals.__banqupClient;
    // The app's database (getDb) is this file's own.
    globals.__dbPromise = openTestDb('pglite');
    app.db = await (await import('@/lib/db')).getDb();
  });
  afterAll(async () => {
    await app.db.close();
    delete globals.__banqupClient;
    delete globals.__dbPromise;
  });
  return app;
}
