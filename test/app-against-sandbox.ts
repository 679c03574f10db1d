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
 * The app's server actions, configured against a sandbox that plays a real Banqup environment
 * (BANQUP_API_URL set, so the app's own sandbox is off), on an in-memory database: registered
 * as this test file's beforeAll/afterAll. Read the fields inside tests, once they have started.
 */
export function appAgainstSandbox(): AppAgainstSandbox {
  const app = {} as AppAgainstSandbox;
  beforeAll(async () => {
    app.sandbox = await startSandbox();
    // The app's own configuration, read on first use: the sandbox plays a real environment.
    vi.stubEnv('BANQUP_API_URL', app.sandbox.apiUrl);
    vi.stubEnv('BANQUP_API_TOKEN', 'sandbox-token');
    vi.stubEnv('DATABASE_URL', '');
    vi.stubEnv('DATA_DIR', 'memory://');
    delete globals.__banqupClient;
    // The app's database (getDb) is a fresh in-memory one from the tests' pool (test/databases.ts).
    globals.__dbPromise = openTestDb('pglite');
    // Outside a request there are no request headers: the actions see an unstamped request,
    // which AUTH_MODE=none (the default) takes as the local user.
    vi.doMock('next/headers', () => ({ headers: async () => new Headers() }));
    app.actions = { ...(await import('@/lib/wizard/actions')), ...(await import('@/lib/wizard/steps/1-draft-app/actions')) };
    app.repo = await import('@/lib/registration/repository');
    app.db = await (await import('@/lib/db')).getDb();
  });
  afterAll(async () => {
    await app.db.close();
    delete globals.__banqupClient;
    delete globals.__dbPromise;
    vi.unstubAllEnvs();
    await app.sandbox.close();
  });
  return app;
}
