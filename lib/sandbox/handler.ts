import 'server-only';
import type { AppConfig } from '@/lib/env';
import type { Db } from '@/lib/db/db';
import { log } from '@/lib/log';
import { droppedResponse, faultResponse, sleep } from './faults';
import { sandboxDb } from './migrations';
import { HttpError, type SandboxContext } from './request';
import { errorResponse, type ErrorStyle } from './responses';
import { createApplication, readApplication, supportDraft } from './routes/applications';
import { oauthToken } from './routes/auth';
import { control } from './routes/control';
import { applicationResource } from './routes/resources';
import * as store from './store';

export { mediaType } from './request';
export { SANDBOX_SCOPES } from './routes/auth';
export { CONTROL_HEADER } from './routes/control';

export type SandboxDeps = { db: () => Promise<Db>; config: AppConfig['sandbox'] };

type Route = {
  /** The method the route takes; without one, every method reaches it (and it answers 405 itself). */
  method?: string;
  path: RegExp;
  /** Called with the path's groups. */
  handle: (context: SandboxContext, ...params: string[]) => Promise<Response>;
};

/** The API the sandbox stands in for, tried in this order; a path none matches is a 404. */
const ROUTES: readonly Route[] = [
  { method: 'POST', path: /^\/oauth\/token$/, handle: oauthToken },
  { method: 'POST', path: /^\/support\/drafts$/, handle: supportDraft },
  { path: /^\/servicemngmt\/(v\d+)\/applications\/?$/, handle: createApplication },
  { path: /^\/servicemngmt\/(v\d+)\/applications\/([^/]+)\/?$/, handle: readApplication },
  { path: /^\/servicemngmt\/(v\d+)\/applications\/([^/]+)\/([A-Za-z]+)\/?$/, handle: applicationResource },
];

async function dispatch(context: SandboxContext): Promise<Response> {
  for (const route of ROUTES) {
    const match = route.path.exec(context.route);
    if (match && (!route.method || route.method === context.request.method)) return await route.handle(context, ...match.slice(1));
  }
  throw new HttpError(404, `No endpoint at ${context.route}.`);
}

/**
 * The sandbox: a faithful stand-in for the Banqup Store API of the recipe, as a fetch handler.
 * Its fault control (/control/...) is answered apart; every other call may meet a fault first.
 */
export function createSandboxHandler({ db: getDb, config }: SandboxDeps) {
  return async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const route = url.pathname.replace(/^.*?\/sandbox(?=\/|$)/, '') || '/';
    let style: ErrorStyle = config.errorStyle;
    try {
      const db = await sandboxDb(await getDb());
      const context: SandboxContext = { request, db, config, route };
      if (route.startsWith('/control/')) return await control(context);

      const fault = await store.takeFault(db, request.method, route);
      if (fault?.style) style = fault.style;
      if (fault && !fault.after) {
        if (fault.delayMs > 0) await sleep(fault.delayMs);
        if (fault.status !== null) return faultResponse(fault, style);
      }

      const response = await dispatch(context);
      if (fault?.after && response.ok) {
        // The call is carried out; now the client must not learn it for sure.
        if (fault.delayMs > 0) await sleep(fault.delayMs);
        if (fault.drop) return droppedResponse();
        if (fault.status !== null) return faultResponse(fault, style);
      }
      return response;
    } catch (error) {
      if (error instanceof HttpError) {
        return errorResponse(error.status, error.message, {
          style,
          errors: error.errors,
          type: error.status === 400 ? 'urn:banqup-sandbox:problem:invalid-body' : undefined,
          headers: error.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {},
        });
      }
      log.error('sandbox failed', { method: request.method, route, error: error instanceof Error ? error.message : 'unknown error' });
      return errorResponse(500, 'The sandbox failed to handle the request.', { style });
    }
  };
}
