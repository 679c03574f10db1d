import { isIP } from 'node:net';
import { isLoopback } from './auth/cidr';
import { ConfigError, parseConfig, type AppConfig } from './env';
import { readBuildInfo, type BuildInfo } from './server/build-info';

/**
 * The configuration checks that need no database and no running server: run by
 * `npm start` (scripts/start.mjs, through the bundle `npm run build` makes of this file) before
 * Next.js starts, so a bad setting stops the app with one line before it prints "Ready", and
 * again by the instrumentation hook (lib/startup.ts) once the server listens.
 *
 * No database and no logger here: the bundle runs outside Next.js (it resolves `server-only`,
 * which lib/env.ts imports, to the empty module of the react-server condition).
 */

/**
 * AUTH_MODE=none has no sign-in: it is for one person on their own machine. Started where
 * others can reach it (listening beyond loopback, or named by a non-loopback APP_URL or by
 * ALLOWED_HOSTS, which are how a proxy in front serves others), it does not start.
 */
export function localModeProblem(config: Pick<AppConfig, 'auth' | 'appUrl'>, listening: string[], allowedHosts: string | undefined): string | undefined {
  if (config.auth.mode !== 'none') return undefined;
  const choices = 'Set AUTH_MODE=proxy (behind your sign-in proxy, with TRUSTED_PROXIES) or AUTH_MODE=oidc, or run it on 127.0.0.1 for yourself alone.';
  const wide = listening.find((address) => !isLoopback(address));
  if (wide) return `AUTH_MODE=none (no sign-in) serves only this machine, but the app listens on ${wide === '::' || wide === '0.0.0.0' ? `every address (${wide})` : wide}. ${choices}`;
  const appHost = new URL(config.appUrl).hostname.replace(/^\[|\]$/g, '');
  if (appHost !== 'localhost' && !isLoopback(appHost)) return `AUTH_MODE=none (no sign-in) serves only this machine, but APP_URL names ${appHost}. ${choices}`;
  if (allowedHosts?.trim()) return `AUTH_MODE=none (no sign-in) serves only this machine, but ALLOWED_HOSTS lets others in (${allowedHosts.trim()}). ${choices}`;
  return undefined;
}

/**
 * The key this build's server actions were named with must be the one configured: replicas
 * built apart agree on the actions only when each was built with the same key (see
 * lib/server/build-info.ts).
 */
export function checkBuildKey(config: Pick<AppConfig, 'actionsEncryptionKey'>, build: Pick<BuildInfo, 'encryptionKey'> | undefined): void {
  if (!config.actionsEncryptionKey || !build?.encryptionKey || build.encryptionKey === config.actionsEncryptionKey) return;
  throw new ConfigError(
    'Invalid configuration: NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not the key this build was made with: give the same key to `npm run build` (it names the server actions), build again, then start',
  );
}

export type StartPlan = {
  /** The address the server will listen on (`next start -H`, or HOSTNAME for the standalone server). */
  host: string;
  /** The build directory, relative to the working directory. */
  distDir: string;
};

/**
 * Everything a start can be refused for before it listens, as the one line to print, or
 * undefined when the start may go on. The environment's own parse comes first, so PORT=abc is
 * reported as PORT ("Invalid configuration: PORT must be a whole number").
 */
export function startProblem(env: Record<string, string | undefined>, plan: StartPlan): string | undefined {
  try {
    const config = parseConfig(env);
    // A name (say `localhost` or a host name) is judged once it listens, on the address it got.
    const address = plan.host.replace(/^\[|\]$/g, '');
    const listening = isIP(address) ? [address] : [];
    const local = localModeProblem(config, listening, env.ALLOWED_HOSTS);
    if (local) return local;
    let build: BuildInfo | undefined;
    try {
      build = readBuildInfo(plan.distDir);
    } catch {
      return `No production build in ${plan.distDir}: run \`npm run build\` first.`;
    }
    checkBuildKey(config, build);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}
