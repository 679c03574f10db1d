/**
 * `npm run doctor`: checks the connection to Banqup, without showing any secret, and says
 * what is wrong through its exit code and one line.
 *
 * - Real API (BANQUP_API_URL set): the checks run here, from this environment, through the
 *   same outbound rules and the same check code as the app. No running app is needed: this is
 *   the machine whose variables are being checked.
 * - Sandbox mode (no BANQUP_API_URL): the sandbox exists only inside the running app, so the
 *   doctor asks that app's /api/connection at APP_URL (default http://127.0.0.1:$PORT).
 * - `--app`: ask the running app in either mode (its view of its own configuration).
 *
 * The settings are read by the app's own parser (lib/env.ts): a setting the app would refuse
 * at start-up, the doctor refuses with the same line. scripts/doctor.mjs bundles this file and
 * runs it with plain node, after loading the .env files as `next start` does.
 *
 * Exit codes: 0 all checks passed; 1 a check failed or the app could not be asked; 2 the
 * configuration is invalid or the arguments are wrong.
 */
import { parseConfig } from '../env';
import { checkConnection, connectionSettings, formatReport, type ConnectionReport } from './connection-check';
import { createOutboundDispatcher, createOutboundFetch } from './outbound';

export type DoctorOutput = { out: (line?: string) => void; fail: (line: string) => void };

export async function runDoctor(argv: readonly string[], env: Record<string, string | undefined>, { out, fail }: DoctorOutput): Promise<number> {
  const args = new Set(argv);
  if (args.has('--help') || args.has('-h')) {
    out('Usage: npm run doctor [-- --app] [-- --json]');
    out('  Checks the connection to Banqup: mode, URLs, token (expiry, scopes), one harmless authenticated call');
    out('  (made again with a deliberately wrong token, to prove the answer depends on the token), clock skew.');
    out('  --app   ask the running app (APP_URL) instead of checking from this environment');
    out('  --json  print the report as JSON');
    return 0;
  }
  const unknown = [...args].filter((arg) => arg !== '--app' && arg !== '--json');
  if (unknown.length > 0) {
    fail(`doctor: unknown argument ${unknown.join(' ')} (try --help)`);
    return 2;
  }

  let config;
  try {
    config = parseConfig(env);
  } catch (error) {
    fail(`doctor: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }

  const print = (report: ConnectionReport, source: string): number => {
    if (args.has('--json')) {
      out(JSON.stringify(report, null, 2));
    } else {
      out(source);
      for (const line of formatReport(report)) out(line);
    }
    return report.ok ? 0 : 1;
  };

  if (config.mode === 'api' && !args.has('--app')) {
    const dispatcher = createOutboundDispatcher();
    try {
      const report = await checkConnection(connectionSettings(config), { fetch: createOutboundFetch(dispatcher) });
      return print(report, 'Checked from this environment (BANQUP_API_URL is set).');
    } finally {
      await dispatcher.close();
    }
  }

  // Sandbox mode, or --app: the running app checks its own configuration.
  const url = `${config.appUrl}/api/connection`;
  let response: Response;
  try {
    // The app's check makes up to three calls of BANQUP_TIMEOUT_MS each, one after the other:
    // the token, the probe, and the probe again with a deliberately wrong token.
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(3 * config.banqup.timeoutMs + 5_000) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'it did not answer in time' : 'nothing answers there';
    fail(`doctor: could not ask the app at ${config.appUrl} (${reason}).`);
    fail(
      config.mode === 'sandbox'
        ? '  In sandbox mode the doctor checks the sandbox of the running app: start it (npm run build && npm start), or set APP_URL to where it runs.'
        : '  Start the app, set APP_URL to where it runs, or run the doctor without --app to check from this environment.',
    );
    return 1;
  }
  let report: unknown;
  try {
    report = await response.json();
  } catch {
    report = undefined;
  }
  if (!isReport(report)) {
    fail(`doctor: ${url} answered HTTP ${response.status} without a connection report. Is APP_URL this app (banqup-store-wizard)?`);
    return 1;
  }
  if (report.mode !== config.mode) {
    out(`Note: the app at ${config.appUrl} runs in ${report.mode === 'api' ? 'real API' : 'sandbox'} mode, unlike this environment.`);
  }
  return print(report, `Checked by the app at ${config.appUrl}.`);
}

function isReport(value: unknown): value is ConnectionReport {
  return Boolean(value && typeof value === 'object' && Array.isArray((value as ConnectionReport).problems) && 'clock' in value);
}
