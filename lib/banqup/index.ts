import 'server-only';
import { getConfig } from '@/lib/env';
import { createBanqupClient, type BanqupClient } from './client';
import { createTokenProvider } from './token';

const globalForBanqup = globalThis as typeof globalThis & { __banqupClient?: BanqupClient };

/**
 * The process's Banqup client, built from the configuration: the real API, or in sandbox
 * mode this app's own /sandbox over HTTP. One token cache per process (kept on globalThis
 * because Next.js may load this module once per bundle layer).
 */
export function getBanqupClient(): BanqupClient {
  if (!globalForBanqup.__banqupClient) {
    const { banqup } = getConfig();
    globalForBanqup.__banqupClient = createBanqupClient({
      baseUrl: banqup.baseUrl,
      // Both go out through the shared outbound dispatcher (outbound.ts), their default.
      tokens: createTokenProvider(banqup.auth, { timeoutMs: banqup.timeoutMs, tokenAuth: banqup.tokenAuth }),
      timeoutMs: banqup.timeoutMs,
      maxAttempts: banqup.maxAttempts,
    });
  }
  return globalForBanqup.__banqupClient;
}

export type { BanqupClient, UploadFile } from './client';
export type { BanqupResult, AttemptRecord, CallContext } from './http';
export type { BanqupError } from './errors';
