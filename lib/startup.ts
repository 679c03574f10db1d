import 'server-only';
import { ConfigError, getConfig, secretValues } from './env';
import { closeDb, getDb } from './db';
import { log } from './log';
import { redactText } from './redact';
import { checkBuildKey, localModeProblem } from './config-check';
import { buildInfo } from './server/build-info';
import { markReady } from './server/lifecycle';
import { hookedServer, onRequest } from './server/request-hook';
import { installShutdown } from './server/shutdown';
import { answerReload, runningDeploymentId, staleActionReload } from './server/skew';

/**
 * Validates the configuration and opens (and migrates) the database before the first
 * request, so a bad setting stops the app at once with one line naming the variable. Then
 * takes over SIGTERM/SIGINT for a graceful shutdown, and marks the process ready (/api/ready).
 */
export async function startUp(): Promise<void> {
  try {
    const config = getConfig();
    const address = hookedServer()?.address();
    const listening = address && typeof address === 'object' ? [address.address] : [];
    const problem = localModeProblem(config, listening, process.env.ALLOWED_HOSTS);
    if (problem) throw new ConfigError(problem);
    const production = process.env.NODE_ENV === 'production';
    const build = production ? buildInfo() : undefined;
    checkBuildKey(config, build);
    // Before the database opens: a signal during the migrations waits for them, then closes it.
    installShutdown({
      server: hookedServer(),
      graceMs: config.shutdownGraceMs,
      delayMs: config.shutdownDelayMs,
      closeDatabase: closeDb,
      log,
    });
    if (build) {
      onRequest((req, res) => {
        const deployment = runningDeploymentId();
        const stale = staleActionReload(req, build, deployment);
        if (!stale) return;
        answerReload(res, stale.location);
        log.warn('a page of another build called a server action this build does not have: told it to reload', {
          path: stale.location,
          pageDeployment: stale.from,
          deployment,
        });
      });
    }
    const db = await getDb();
    markReady();
    const target = config.mode === 'sandbox' ? 'sandbox mode (built-in Banqup sandbox at /sandbox)' : `Banqup API at ${config.banqup.baseUrl}`;
    const auth = config.auth.mode === 'none' ? 'local mode, no sign-in' : config.auth.mode === 'proxy' ? `sign-in by proxy (${config.auth.preset.label})` : 'sign-in with OpenID Connect';
    log.info(`banqup-store-wizard started: ${target}; database: ${db.driver}; ${auth}`, { mode: config.mode, database: db.driver, auth: config.auth.mode, logLevel: config.logLevel });
    if (config.auth.mode !== 'none') {
      if (config.auth.roles.admin.length === 0) log.warn('Nobody is an admin: set ROLE_ADMINS to let someone record Banqup’s decision, manage review links and see the connection.');
      if (config.auth.roles.reviewer.length === 0) log.warn('Nobody is a reviewer: set ROLE_REVIEWERS to let someone sign off.');
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      let secrets: string[] = [];
      try {
        secrets = secretValues();
      } catch {
        // configuration itself is fine here; nothing more to redact
      }
      console.error(`Start-up failed: ${redactText(message, secrets)}`);
    }
    process.exit(1);
  }
}
