import 'server-only';
import { errorResponse, type ErrorStyle } from './responses';
import type { Fault } from './store';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The answer a fault with a status gives, with the headers its status calls for. */
export function faultResponse(fault: Fault, style: ErrorStyle): Response {
  const status = fault.status ?? 500;
  return errorResponse(status, fault.detail ?? `Fault injected by the sandbox's fault control (${status}).`, {
    style,
    errors: fault.errors ?? undefined,
    headers:
      status === 429 || status === 503
        ? { 'retry-after': String(fault.retryAfter) }
        : status === 401
          ? { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' }
          : {},
  });
}

/**
 * An answer that breaks off: the status line and part of the body, then the connection is
 * cut, as when a connection drops after Banqup has carried the call out.
 */
export function droppedResponse(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"id":'));
    },
    pull(controller) {
      controller.error(new Error('connection dropped by the sandbox fault control'));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
}
