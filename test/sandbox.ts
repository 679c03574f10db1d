import { createBanqupClient } from '@/lib/banqup/client';
import { createTokenProvider } from '@/lib/banqup/token';
import type { Db } from '@/lib/db/db';
import { createSandboxHandler } from '@/lib/sandbox/handler';
import type { AppConfig } from '@/lib/env';
import { openTestDb } from './databases';
import { serve, type TestServer } from './http-server';

export const SANDBOX_CONFIG: AppConfig['sandbox'] = {
  token: 'sandbox-token',
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  tokenTtlSeconds: 3600,
  errorStyle: 'problem',
};

export type RunningSandbox = TestServer & {
  db: Db;
  /** Base URL of the API, as BANQUP_API_URL would be. */
  apiUrl: string;
  createDraft(name?: string): Promise<string>;
  fault(fault: {
    path: string;
    status?: number;
    delayMs?: number;
    times?: number;
    style?: string;
    method?: string;
    detail?: string;
    errors?: { field: string; message: string }[];
    /** Carry the call out, then fail it (late, with `status`, or by dropping the connection). */
    after?: boolean;
    drop?: boolean;
    retryAfter?: number;
  }): Promise<void>;
  /** Clears every fault still armed. */
  clearFaults(): Promise<void>;
  read(applicationId: string): Promise<Record<string, unknown>>;
};

/** The built-in sandbox on an in-memory database (a fresh one: test/databases.ts), served over HTTP on a free port. */
export async function startSandbox(config: Partial<AppConfig['sandbox']> = {}): Promise<RunningSandbox> {
  const db = await openTestDb('pglite');
  const handler = createSandboxHandler({ db: async () => db, config: { ...SANDBOX_CONFIG, ...config } });
  const server = await serve(handler);
  const apiUrl = `${server.url}/sandbox`;
  const token = config.token ?? SANDBOX_CONFIG.token;
  return {
    ...server,
    db,
    apiUrl,
    async close() {
      await server.close();
      await db.close();
    },
    async createDraft(name = 'Purchase app') {
      const response = await fetch(`${apiUrl}/support/drafts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, namespace: 'my_namespace', ownerEntityId: 'f47c5440-89cb-11ee-b9d1-0242ac120002' }),
      });
      if (response.status !== 201) throw new Error(`draft: ${response.status}`);
      return ((await response.json()) as { applicationId: string }).applicationId;
    },
    async fault(fault) {
      const response = await fetch(`${apiUrl}/control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-control': '1' },
        body: JSON.stringify(fault),
      });
      if (response.status !== 201) throw new Error(`fault: ${response.status} ${await response.text()}`);
    },
    async clearFaults() {
      const response = await fetch(`${apiUrl}/control/faults`, { method: 'DELETE', headers: { 'x-sandbox-control': '1' } });
      if (response.status !== 204) throw new Error(`clear faults: ${response.status} ${await response.text()}`);
    },
    async read(applicationId) {
      const response = await fetch(`${apiUrl}/servicemngmt/v1/applications/${applicationId}`, { headers: { authorization: `Bearer ${token}` } });
      return (await response.json()) as Record<string, unknown>;
    },
  };
}

/**
 * The app's Banqup client against a running sandbox, with its static token, no waits between
 * attempts, and `fetch` (to count or slow the calls) when given.
 */
export function sandboxClient(sandbox: Pick<RunningSandbox, 'apiUrl'>, options: { maxAttempts?: number; fetch?: typeof fetch } = {}) {
  return createBanqupClient({
    baseUrl: sandbox.apiUrl,
    tokens: createTokenProvider({ kind: 'static', token: SANDBOX_CONFIG.token }),
    timeoutMs: 5_000,
    maxAttempts: options.maxAttempts ?? 2,
    sleep: async () => undefined,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
