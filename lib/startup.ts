import 'server-only';
import { ConfigError, getConfig, secretValues } from './env';
import { getDb } from './db';
import { log } from './log';
import { redactText } from './redact';

/**
 * Validates the configuration and opens (and migrates) the database before the first
 * request, so a bad setting stops the app at once with one line naming the variable.
 */
export async function startUp(): Promise<void> {
  try {
    const config = getConfig();
    const db = await getDb();
    const target = config.mode === 'sandbox' ? 'sandbox mode (built-in Banqup sandbox at /sandbox)' : `Banqup API at ${config.banqup.baseUrl}`;
    log.info(`banqup-store-wizard started: ${target}; database: ${db.driver}`, { mode: config.mode, database: db.driver, logLevel: config.logLevel });
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
