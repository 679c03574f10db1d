import type { IncomingMessage, ServerResponse } from 'node:http';
import { currentHostPolicy, isAllowedHost } from '@/lib/hosts';
import type { BuildInfo } from './build-info';

/**
 * A page of an older (or newer) build calling a server action this build does not have: during
 * a rolling update, a browser that loaded its page from the old replicas posts to a new one.
 * Next.js would answer 404 with `x-nextjs-action-not-found`, log "Failed to find Server
 * Action", and the page would throw. Instead the browser is told to reload the page it is on,
 * which it does (an action answer carrying `x-action-redirect` and no RSC body is a hard
 * navigation in next/dist/client/components/router-reducer/reducers/server-action-reducer.js):
 * it then runs the new build's code.
 *
 * NOTE: Next.js itself only does this for navigations: with `deploymentId` set (next.config.mjs)
 * every request of the client router, server actions included, carries `x-deployment-id`, and a
 * navigation answered with another `x-nextjs-deployment-id` becomes a full reload. Nothing in
 * Next.js compares the header of an action request.
 *
 * Only when all of these hold, so nothing else is ever answered here: a POST naming an action
 * (`next-action`) this build does not have, from a page that says it belongs to another
 * deployment (`x-deployment-id` present and not ours), to a host the app answers to, outside the
 * read-only /review/ pages. Anything else (a forged id, a foreign Host) goes on to proxy.ts and
 * Next.js as before. Nothing runs and nothing is read: the answer only names the page's own path.
 */
export function staleActionReload(req: IncomingMessage, build: Pick<BuildInfo, 'actionIds'>, deploymentId: string | undefined): { location: string; from: string; actionId: string } | undefined {
  if (req.method !== 'POST') return undefined;
  const actionId = req.headers['next-action'];
  const from = req.headers['x-deployment-id'];
  if (typeof actionId !== 'string' || !actionId || typeof from !== 'string' || !from) return undefined;
  if (!deploymentId || from === deploymentId || build.actionIds.has(actionId)) return undefined;
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname.startsWith('/review/')) return undefined;
  const policy = currentHostPolicy();
  const forwarded = req.headers['x-forwarded-host'];
  if (!isAllowedHost(req.headers.host ?? '', policy)) return undefined;
  if (typeof forwarded === 'string' && !forwarded.split(',').every((entry) => isAllowedHost(entry, policy))) return undefined;
  return { location: `${url.pathname}${url.search}`.replaceAll(';', '%3B'), from, actionId };
}

/**
 * This server's deployment id, as Next.js set it when it started (base-server.js writes the
 * configured `deploymentId` into process.env.NEXT_DEPLOYMENT_ID).
 *
 * NOTE: read through a variable name: webpack replaces `process.env.NEXT_DEPLOYMENT_ID` in our
 * bundles with the value the build had, and `next start` may run with another (NEXT_DEPLOYMENT_ID
 * at start overrides it).
 */
export function runningDeploymentId(env: Record<string, string | undefined> = process.env): string | undefined {
  const name = 'NEXT_DEPLOYMENT_ID';
  return env[name] || undefined;
}

/** Answers a stale action with "reload this page" (see above). */
export function answerReload(res: ServerResponse, location: string): void {
  res.statusCode = 200;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-action-redirect', `${location};replace`);
  res.end();
}
