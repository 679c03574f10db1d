#!/usr/bin/env node
/**
 * `npm run doctor`: checks the connection to Banqup, without showing any secret, and exits
 * non-zero with the reason when something is wrong.
 *
 * - Real API (BANQUP_API_URL set): the checks run here, from this environment, through the
 *   same outbound rules and the same check code as the app (lib/banqup/*.mjs). No running
 *   app is needed: this is the machine whose variables are being checked.
 * - Sandbox mode (no BANQUP_API_URL): the sandbox exists only inside the running app, so the
 *   doctor asks that app's /api/connection at APP_URL (default http://127.0.0.1:$PORT).
 * - `--app`: ask the running app in either mode (its view of its own configuration).
 *
 * Plain JavaScript, run with plain `node` (Node 20 has no TypeScript loader). Like `next
 * start`, it reads .env.production.local, .env.local, .env.production and .env from the
 * current directory (npm runs scripts in the project's) when present; variables already set win.
 *
 * Exit codes: 0 all checks passed; 1 a check failed or the app could not be asked; 2 the
 * configuration is invalid or the arguments are wrong.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkConnection, formatReport, settingsFromEnv } from '../lib/banqup/connection-check.mjs';
import { createOutboundDispatcher, createOutboundFetch } from '../lib/banqup/outbound.mjs';

const args = new Set(process.argv.slice(2));
const out = (line = '') => process.stdout.write(`${line}\n`);
const fail = (line) => process.stderr.write(`${line}\n`);

if (args.has('--help') || args.has('-h')) {
  out('Usage: npm run doctor [-- --app] [-- --json]');
  out('  Checks the connection to Banqup: mode, URLs, token (expiry, scopes), one harmless authenticated call');
  out('  (made again with a deliberately wrong token, to prove the answer depends on the token), clock skew.');
  out('  --app   ask the running app (APP_URL) instead of checking from this environment');
  out('  --json  print the report as JSON');
  process.exit(0);
}
const unknown = [...args].filter((arg) => arg !== '--app' && arg !== '--json');
if (unknown.length > 0) {
  fail(`doctor: unknown argument ${unknown.join(' ')} (try --help)`);
  process.exit(2);
}

for (const file of ['.env.production.local', '.env.local', '.env.production', '.env']) {
  const full = path.join(process.cwd(), file);
  if (existsSync(full)) process.loadEnvFile(full);
}

let settings;
try {
  settings = settingsFromEnv(process.env);
} catch (error) {
  fail(`doctor: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

function print(report, source) {
  if (args.has('--json')) {
    out(JSON.stringify(report, null, 2));
  } else {
    out(source);
    for (const line of formatReport(report)) out(line);
  }
  process.exit(report.ok ? 0 : 1);
}

const dispatcher = createOutboundDispatcher();
const outboundFetch = createOutboundFetch(dispatcher);

if (settings.mode === 'api' && !args.has('--app')) {
  const report = await checkConnection(settings, { fetch: outboundFetch });
  print(report, 'Checked from this environment (BANQUP_API_URL is set).');
}

// Sandbox mode, or --app: the running app checks its own configuration.
const url = `${settings.appUrl}/api/connection`;
let response;
try {
  // The app's check makes up to three calls of BANQUP_TIMEOUT_MS each, one after the other:
  // the token, the probe, and the probe again with a deliberately wrong token.
  response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(3 * settings.timeoutMs + 5_000) });
} catch (error) {
  const reason = error instanceof Error && error.name === 'TimeoutError' ? 'it did not answer in time' : 'nothing answers there';
  fail(`doctor: could not ask the app at ${settings.appUrl} (${reason}).`);
  fail(
    settings.mode === 'sandbox'
      ? '  In sandbox mode the doctor checks the sandbox of the running app: start it (npm run build && npm start), or set APP_URL to where it runs.'
      : '  Start the app, set APP_URL to where it runs, or run the doctor without --app to check from this environment.',
  );
  process.exit(1);
}
let report;
try {
  report = await response.json();
} catch {
  report = undefined;
}
if (!report || typeof report !== 'object' || !Array.isArray(report.problems) || !('clock' in report)) {
  fail(`doctor: ${url} answered HTTP ${response.status} without a connection report. Is APP_URL this app (banqup-store-wizard)?`);
  process.exit(1);
}
if (report.mode !== settings.mode) {
  out(`Note: the app at ${settings.appUrl} runs in ${report.mode === 'api' ? 'real API' : 'sandbox'} mode, unlike this environment.`);
}
print(report, `Checked by the app at ${settings.appUrl}.`);
