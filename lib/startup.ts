import 'server-only';
import { ConfigError, getConfig, secretValues, type AppConfig } from './env';
import { closeDb, getDb } from './db';
import { log } from './log';
import { redactText } from './redact';
import { buildInfo, type BuildInfo } from './server/build-info';
import { markReady } from './server/lifecycle';
import { hookedServer, onRequest } from './server/request-hook';
import { installShutdown } from './server/shutdown';
import { answerReload, runningDeploymentId, staleActionReload } from './server/skew';

/**
 * The key this build's server actions were named with must be the one configured: replicas
 * built apart agree on the actions only when each was built with the same key (see
 * lib/server/build-info.ts). Exported for tests.
 */
export function checkBuildKey(config: Pick<AppConfig, 'actionsEncryptionKey'>, build: Pick<BuildInfo, 'encryptionKey'> | undefined): void {
  if (!config.actionsEncryptionKey || !build?.encryptionKey || build.encryptionKey === config.actionsEncryptionKey) return;
  throw new ConfigError(
    'Invalid configuration: NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not the key this build was made with: give the same key to `npm run build` (it names the server actions), build again, then start',
  );
}

/**
 * Validates the configuration and opens (and migrates) the database before the first
 * request, so a bad setting stops the app at once with one line naming the variable. Then
 * takes over SIGTERM/SIGINT for a graceful shutdown, and marks the process ready (/api/ready).
 */
export async function startUp(): Promise<void> {
  try {
    const config = getConfig();
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
    console.log(`[banqup-store-wizard] ${target}; database: ${db.driver}`);
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
