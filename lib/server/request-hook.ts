import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';

/**
 * What only the server's own socket knows, stamped on every request before Next.js sees it.
 *
 * Next.js gives the app no trustworthy peer address: it fills X-Forwarded-For only when the
 * client did not send one. So at start-up (instrumentation.ts) this module finds the process's
 * HTTP server and puts a listener in front of Next.js's own that, on every request:
 *
 * - removes every `x-wizard-*` header the client sent (they are ours alone);
 * - sets `x-wizard-peer` (the connection's remote address), `x-wizard-local` (the address it
 *   arrived on), `x-wizard-repeated` (header names the client sent more than once: Node.js
 *   joins such copies with a comma, which would hide the doubling), and `x-wizard-request-id`;
 * - sets `x-wizard-stamp` to a secret made at start-up: code reading the stamped headers
 *   (`stampedFacts`) believes them only when the secret matches, so if the hook was not
 *   installed, a client's own `x-wizard-peer` is worth nothing.
 *
 * Next.js's own request listener is then run inside the request's context
 * (`requestContext()`, an AsyncLocalStorage): code anywhere below it, a server action or the
 * Banqup client, can add the actor and the registration for the request's log line.
 * Listeners added with `onRequest` run first for every request, in that context; one that
 * answers the request (ends the response) keeps it from Next.js.
 */

export const STAMP_HEADERS = {
  stamp: 'x-wizard-stamp',
  peer: 'x-wizard-peer',
  local: 'x-wizard-local',
  repeated: 'x-wizard-repeated',
  requestId: 'x-wizard-request-id',
} as const;

/** What one request's log line will say beyond method, path and status. */
export type RequestContext = { requestId: string; startedAt: number; actor?: string; registrationId?: string };

type HookState = {
  secret: string;
  server?: Server;
  listeners: Array<(req: IncomingMessage, res: ServerResponse, context: RequestContext) => void>;
  storage: AsyncLocalStorage<RequestContext>;
};

const KEY = Symbol.for('banqup-store-wizard.request-hook');
const globalWithHook = globalThis as typeof globalThis & { [KEY]?: HookState };

function state(): HookState {
  globalWithHook[KEY] ??= { secret: randomBytes(24).toString('base64url'), listeners: [], storage: new AsyncLocalStorage() };
  return globalWithHook[KEY];
}

/** The HTTP server(s) this process listens with (Next.js does not hand them to the app). */
export function listeningServers(): Server[] {
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  return handles.filter((handle): handle is Server => handle instanceof net.Server && (handle as net.Server).listening) as Server[];
}

/** Stamps one request (exported for tests). */
export function stampRequest(req: IncomingMessage, secret = state().secret): void {
  const headers = req.headers;
  for (const name of Object.keys(headers)) if (name.startsWith('x-wizard-')) delete headers[name];
  const seen = new Map<string, number>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  const repeated = [...seen].filter(([, count]) => count > 1).map(([name]) => name);
  headers[STAMP_HEADERS.stamp] = secret;
  headers[STAMP_HEADERS.peer] = normalizeAddress(req.socket.remoteAddress ?? '');
  headers[STAMP_HEADERS.local] = normalizeAddress(req.socket.localAddress ?? '');
  headers[STAMP_HEADERS.repeated] = repeated.join(',');
  headers[STAMP_HEADERS.requestId] = randomUUID();
}

/** `::ffff:10.0.0.1` is 10.0.0.1. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/**
 * Installs the hook on the process's HTTP server. Returns the server, or undefined when none
 * is listening (vitest, a custom runtime): then nothing is stamped and `stampedFacts` says so.
 */
export function installRequestHook(): Server | undefined {
  const hook = state();
  if (hook.server) return hook.server;
  const [server] = listeningServers();
  if (!server) return undefined;
  hook.server = server;
  // Next.js's listener(s), run after the stamp and inside the request's context.
  const nextListeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    stampRequest(req, hook.secret);
    const context: RequestContext = { requestId: String(req.headers[STAMP_HEADERS.requestId]), startedAt: performance.now() };
    hook.storage.run(context, () => {
      for (const listener of hook.listeners) listener(req, res, context);
      // A listener may answer the request itself (a page of another build: lib/server/skew.ts).
      if (res.writableEnded) return;
      for (const listener of nextListeners) listener.call(server, req, res);
    });
  });
  return server;
}

/** Runs `fn` inside `context`, as the hook runs each request (tests; other entry points). */
export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return state().storage.run(context, fn);
}

/** The context of the request being handled, if any (undefined outside a request). */
export function requestContext(): RequestContext | undefined {
  return state().storage.getStore();
}

/** The shape of a registration id (a UUID): anything else is not recorded. */
const REGISTRATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longest actor name kept for the log line. */
const ACTOR_MAX_LENGTH = 200;

/**
 * Names who acts in this request, for its log line and every line logged while it runs
 * (lib/log.ts). Called by the authentication code once it knows; no-op outside a request.
 */
export function setRequestActor(actor: string | undefined): void {
  const context = requestContext();
  if (!context) return;
  const name = actor?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, ACTOR_MAX_LENGTH);
  context.actor = name || undefined;
}

/**
 * Names the registration this request is about, for the same lines. Safe to call with an
 * unchecked argument: only a registration id's shape (a UUID) is recorded; no-op outside a request.
 */
export function setRequestRegistration(registrationId: string | undefined): void {
  const context = requestContext();
  if (!context) return;
  if (typeof registrationId === 'string' && REGISTRATION_ID.test(registrationId)) context.registrationId = registrationId.toLowerCase();
}

/** Runs `listener` for every request, after the stamp and before Next.js (which it may answer instead). */
export function onRequest(listener: (req: IncomingMessage, res: ServerResponse, context: RequestContext) => void): void {
  state().listeners.push(listener);
}

/** The server the hook is installed on, if any. */
export function hookedServer(): Server | undefined {
  return state().server;
}

export type StampedFacts = { peer: string; local: string; repeated: string[]; requestId: string };

/** The stamped facts of a request, or undefined when they were not stamped by this process. */
export function stampedFacts(headers: Pick<Headers, 'get'>): StampedFacts | undefined {
  const stamp = headers.get(STAMP_HEADERS.stamp);
  if (!stamp || stamp !== state().secret) return undefined;
  return {
    peer: headers.get(STAMP_HEADERS.peer) ?? '',
    local: headers.get(STAMP_HEADERS.local) ?? '',
    repeated: (headers.get(STAMP_HEADERS.repeated) ?? '').split(',').filter(Boolean),
    requestId: headers.get(STAMP_HEADERS.requestId) ?? '',
  };
}
