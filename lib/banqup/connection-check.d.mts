// Types for connection-check.mjs (plain JavaScript so that scripts/doctor.mjs can run it with node).
import type { TokenAuth } from './oauth.mjs';

export type ConnectionAuth =
  | { kind: 'static'; token: string }
  | { kind: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export type ConnectionSettings = {
  mode: 'sandbox' | 'api';
  /** The API base URL (the sandbox's, in sandbox mode). */
  apiUrl: string;
  auth: ConnectionAuth;
  tokenAuth?: TokenAuth;
  timeoutMs?: number;
};

export type TokenCheck = {
  ok: boolean;
  source: 'static' | 'oauth';
  status: number | null;
  durationMs: number | null;
  expiresInSeconds: number | null;
  expiresAt: string | null;
  /** Whether the token endpoint stated expires_in (else the app assumes 300 s). */
  lifetimeStated: boolean;
  scopes: string[] | null;
  missingScopes: string[];
  detail: string;
};

export type ProbeCheck = {
  method: 'GET';
  path: string;
  status: number | null;
  roundTripMs: number | null;
  requestId: string | null;
  /**
   * What the same call got with a deliberately wrong token: made only when the real token got
   * a 404 or 2xx, to tell a working token from a gateway that answers before checking tokens.
   * null when that call was not made or failed.
   */
  wrongTokenStatus: number | null;
  /**
   * authorized: the real token got 404/2xx and the wrong one 401/403. cannot_tell (a warning):
   * the wrong token was not refused, so the real token's answer proves nothing.
   */
  verdict: 'authorized' | 'cannot_tell' | 'refused' | 'redirected' | 'unexpected' | 'inconclusive' | 'unreachable';
  detail: string;
};

export type ConnectionReport = {
  checkedAt: string;
  mode: 'sandbox' | 'api';
  apiUrl: string | null;
  tokenUrl: string | null;
  auth: 'static' | 'oauth';
  tokenAuth: TokenAuth | null;
  requiredScopes: string[];
  token: TokenCheck | null;
  probe: ProbeCheck | null;
  clock: { apiDate: string | null; skewMs: number | null; detail: string };
  problems: string[];
  warnings: string[];
  ok: boolean;
};

export declare const PROBE_PATH_PREFIX: string;
export declare const CLOCK_SKEW_WARN_MS: number;
export declare const CLOCK_SKEW_PROBLEM_MS: number;
export declare const ASSUMED_TOKEN_LIFETIME_S: number;

export declare function displayUrl(value: string | undefined | null): string | null;
export declare function checkConnection(settings: ConnectionSettings, deps?: { fetch?: typeof fetch; now?: () => number }): Promise<ConnectionReport>;
export declare function settingsFromEnv(env: Record<string, string | undefined>): ConnectionSettings & { appUrl: string; tokenAuth: TokenAuth; timeoutMs: number };
export declare function formatReport(report: ConnectionReport): string[];
