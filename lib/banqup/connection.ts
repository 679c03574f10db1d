import 'server-only';
import { getConfig } from '@/lib/env';
import { log } from '@/lib/log';
import { checkConnection, connectionSettings, type ConnectionReport } from './connection-check';
import { getOutboundFetch } from './outbound';

export { connectionSettings } from './connection-check';
export type { ConnectionReport } from './connection-check';

/**
 * The check's own calls (the token endpoint, a read at Banqup), one log line each as every
 * Banqup call has: method, path, status or what failed, duration; never a body or a header.
 * The status is not judged here: the check's report says what it means.
 */
function loggedFetch(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    const started = performance.now();
    const target = input instanceof Request ? input.url : String(input);
    const fields = { purpose: 'connection check', method: init?.method ?? (input instanceof Request ? input.method : 'GET'), path: URL.canParse(target) ? new URL(target).pathname : '' };
    try {
      const response = await fetchImpl(input, init);
      log.info('banqup call', { ...fields, status: response.status, durationMs: Math.round(performance.now() - started) });
      return response;
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      log.warn('banqup call failed', { ...fields, status: null, errorKind: timedOut ? 'timeout' : 'network', durationMs: Math.round(performance.now() - started) });
      throw error;
    }
  };
}

/** A check this recent is answered again rather than repeated. */
export const CONNECTION_REPORT_REUSE_MS = 5_000;

const globalForCheck = globalThis as typeof globalThis & { __banqupConnectionCheck?: { startedAt: number; report: Promise<ConnectionReport> } };

/**
 * The connection check of this app, through the same outbound dispatcher as every Banqup
 * call. It fetches a fresh token each time (it checks that one *can* be obtained) without
 * touching the client's token cache. Page loads and monitors polling /api/connection share
 * one check per few seconds, so neither can be used to hammer Banqup's token endpoint.
 */
export function getConnectionReport(now: () => number = Date.now): Promise<ConnectionReport> {
  const last = globalForCheck.__banqupConnectionCheck;
  if (last && now() - last.startedAt < CONNECTION_REPORT_REUSE_MS) return last.report;
  const report = checkConnection(connectionSettings(getConfig()), { fetch: loggedFetch(getOutboundFetch()) });
  globalForCheck.__banqupConnectionCheck = { startedAt: now(), report };
  // A check that threw is not kept: the next request tries again.
  report.catch(() => {
    if (globalForCheck.__banqupConnectionCheck?.report === report) globalForCheck.__banqupConnectionCheck = undefined;
  });
  return report;
}
