// Types for outbound.mjs (plain JavaScript so that scripts/doctor.mjs can run it with node).
import type { Agent } from 'undici';

export declare const RESPONSE_MAX_BYTES: number;
export declare const CONNECT_TIMEOUT_MS: number;
export declare const DEFAULT_TOTAL_TIMEOUT_MS: number;
export declare const KEEP_ALIVE_MS: number;
export declare const RESPONSE_TOO_LARGE_CODE: 'UND_ERR_RES_EXCEEDED_MAX_SIZE';

export type OutboundOptions = {
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  keepAliveMs?: number;
  maxResponseBytes?: number;
};

export declare function createOutboundDispatcher(options?: OutboundOptions): Agent;
/**
 * NOTE: typed as the global fetch, which is what the client's code is written against; at
 * run time it is undici's fetch (same API; its Response is undici's class, not the global one).
 */
export declare function createOutboundFetch(dispatcher: Agent, defaults?: { totalTimeoutMs?: number }): typeof fetch;
export declare function getOutbound(): { dispatcher: Agent; fetch: typeof fetch };
export declare function getOutboundFetch(): typeof fetch;
export declare function isResponseTooLarge(error: unknown): boolean;
