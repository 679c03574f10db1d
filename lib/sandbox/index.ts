import 'server-only';
import { getConfig } from '@/lib/env';
import { getDb } from '@/lib/db';
import { createSandboxHandler } from './handler';

const globalForSandbox = globalThis as typeof globalThis & { __sandboxHandler?: (request: Request) => Promise<Response> };

/** The sandbox of this process, or undefined when a real Banqup API is configured. */
export function getSandboxHandler(): ((request: Request) => Promise<Response>) | undefined {
  const config = getConfig();
  if (config.mode !== 'sandbox') return undefined;
  globalForSandbox.__sandboxHandler ??= createSandboxHandler({ db: getDb, config: config.sandbox });
  return globalForSandbox.__sandboxHandler;
}
