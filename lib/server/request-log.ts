import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { log } from '../log';
import { onRequest, runInRequestContext, type RequestContext } from './request-hook';

/**
 * One log line per request, written when its response is done ('close'): method, path (no
 * query string, capability tokens masked), status, duration, the request id, the actor and the
 * registration (set while the request ran: setRequestActor / setRequestRegistration in
 * request-hook.ts), and whether the connection was aborted before the answer was complete.
 * Static files and icons are logged at debug only.
 */

/** Longest path written; the rest is cut (a path is not a place to keep data). */
const PATH_MAX_LENGTH = 300;

/** Path segments that are capabilities: whoever reads them may use them. */
const CAPABILITIES: Array<[RegExp, string]> = [[/(^|\/)(review)\/[^/]+/gi, '$1$2/[token]']];

/** Answers nobody reads at info level: build assets and icons. */
const NOISE = [/^\/_next\/static\//, /^\/_next\/image(\/|$)/, /^\/_next\/webpack-hmr/, /^\/__nextjs/, /^\/favicon\.ico$/, /^\/(icon|apple-icon)(\.\w+)?$/];

/** The registration a path is about, when the path names one. */
const REGISTRATION_PATH = /^\/(?:api\/)?registrations\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/** The path of a request as logged: no query or fragment, capability tokens masked, cut short. */
export function loggedPath(url: string | undefined): string {
  let path = url ?? '';
  if (!path.startsWith('/')) {
    // absolute-form (`GET http://host/path`) or `*`
    try {
      path = new URL(path).pathname;
    } catch {
      path = path === '*' ? '*' : '/';
    }
  }
  path = path.split(/[?#]/, 1)[0] ?? '/';
  for (const [pattern, replacement] of CAPABILITIES) path = path.replace(pattern, replacement);
  return path.length > PATH_MAX_LENGTH ? `${path.slice(0, PATH_MAX_LENGTH)}…` : path;
}

export function isNoise(path: string): boolean {
  return NOISE.some((pattern) => pattern.test(path));
}

/** Writes the request's line once its response is done (exported for tests). */
export function logRequest(req: IncomingMessage, res: ServerResponse, context: RequestContext): void {
  res.once('close', () => {
    const path = loggedPath(req.url);
    const registrationId = context.registrationId ?? REGISTRATION_PATH.exec(path)?.[1]?.toLowerCase();
    const fields = {
      method: req.method,
      path,
      // Headers never sent: the connection went first, no status reached the client.
      status: res.headersSent ? res.statusCode : null,
      durationMs: Math.round(performance.now() - context.startedAt),
      requestId: context.requestId,
      actor: context.actor,
      registrationId,
      aborted: !res.writableFinished,
    };
    // 'close' may fire outside the request's async context: the line is written inside it.
    runInRequestContext(context, () => (isNoise(path) ? log.debug('request', fields) : log.info('request', fields)));
  });
}

const INSTALLED = Symbol.for('banqup-store-wizard.request-log');
const globalWithFlag = globalThis as typeof globalThis & { [INSTALLED]?: boolean };

/** Logs every request the hook sees (instrumentation.ts, once per process). */
export function installRequestLog(): void {
  if (globalWithFlag[INSTALLED]) return;
  globalWithFlag[INSTALLED] = true;
  onRequest(logRequest);
}
