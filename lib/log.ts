import 'server-only';
import { secretValues } from './env';
import { redactText, redactValue } from './redact';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * One JSON line per event on stdout/stderr, with every configured secret redacted from the
 * message and the fields, whatever a caller passes in.
 */
function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  let secrets: string[] = [];
  try {
    secrets = secretValues();
  } catch {
    // Configuration not loadable: nothing configured to redact beyond the keys.
  }
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg: redactText(message, secrets),
    ...redactValue(fields, secrets),
  });
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
  else if (level !== 'debug' || process.env.LOG_LEVEL === 'debug') process.stdout.write(`${line}\n`);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
