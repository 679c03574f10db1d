import 'server-only';
import pino, { type DestinationStream, type Logger } from 'pino';
import { getConfig, parseLogLevel, secretValues, type LogLevel } from './env';
import { REDACTED, createRedactor, isSecretKey } from './redact';
import { requestContext } from './server/request-hook';

/**
 * The app's log: one JSON line per event on stdout (pino), e.g.
 *
 *   {"level":"info","time":"2026-05-04T09:12:03.120Z","pid":41,"hostname":"wizard-1",
 *    "requestId":"…","actor":"ada","registrationId":"…","method":"POST","path":"/…","msg":"request"}
 *
 * - `level` follows LOG_LEVEL (lib/env.ts; default info);
 * - inside a request, `requestId`, `actor` and `registrationId` come from requestContext()
 *   (lib/server/request-hook.ts) without the caller passing them;
 * - secrets never come out: every configured secret value (secretValues(), in any encoding) is
 *   cut from the message and every field, any field whose name is a credential's is masked at
 *   any depth, and pino's `redact` paths mask the same names once more as it writes the line.
 *
 * NOTE: written synchronously to fd 1 (pino.destination({ sync: true })), never through a
 * pino transport: transports run in worker threads, which Next.js's bundling breaks, and
 * which lose the last lines when the process exits on a fatal error.
 */

export type LogFields = Record<string, unknown>;
type Method = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Field names whose values never appear (compared without case, `-` or `_`). */
const NEVER_LOGGED = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'authorizationHeader', 'clientSecret', 'token', 'accessToken', 'refreshToken', 'idToken', 'password', 'secret', 'apiKey'];
const neverLoggedKey = new Set(NEVER_LOGGED.map((name) => name.toLowerCase().replace(/[-_]/g, '')));

function isNeverLogged(key: string): boolean {
  return isSecretKey(key) || neverLoggedKey.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * pino's own paths for the same names where they are known to sit: at the top of a line, in
 * headers, and where the recipe puts the callbacks' header and the OAuth client its secret.
 * NOTE: no wildcard paths: pino's wildcard redaction costs ~1 µs per path on every line (36 µs
 * for two dozen), and safeFields() already masks these names at any depth.
 */
const REDACT_PATHS = (() => {
  const spellings = ['authorization', 'Authorization', 'proxy-authorization', 'cookie', 'Cookie', 'set-cookie', 'Set-Cookie', 'authorizationHeader', 'clientSecret', 'client_secret', 'token', 'accessToken', 'access_token', 'refreshToken', 'refresh_token', 'idToken', 'id_token', 'password', 'secret', 'apiKey', 'api_key'];
  const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `["${name}"]`);
  const parents = ['', 'headers', 'req.headers', 'res.headers', 'request.headers', 'response.headers', 'auth', 'oauth', 'credentials'];
  const paths = parents.flatMap((parent) => spellings.map((name) => (parent ? `${parent}${key(name)}` : key(name).replace(/^\./, ''))));
  const callbacks = ['security.authorizationHeader', 'appCallbacks.security.authorizationHeader', 'manifest.appCallbacks.security.authorizationHeader', 'body.manifest.appCallbacks.security.authorizationHeader'];
  return [...paths, ...callbacks];
})();

const MAX_DEPTH = 8;

/**
 * A copy of `fields` safe to write: secret values cut out of every string (keys too), fields
 * named like a credential masked, errors reduced to their name and message (a stack only on
 * error lines: an expected refusal is not a crash), and nothing nested deeper than MAX_DEPTH.
 */
function safeFields(fields: LogFields, redact: (text: string) => string, withStack: boolean): LogFields {
  const seen = new WeakSet<object>();
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return redact(node);
    if (typeof node === 'bigint') return node.toString();
    if (node === null || typeof node !== 'object') return typeof node === 'function' || typeof node === 'symbol' ? undefined : node;
    if (seen.has(node)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[nested too deep]';
    seen.add(node);
    if (node instanceof Error) {
      const code = (node as { code?: unknown }).code;
      return {
        type: node.name,
        message: redact(node.message),
        ...(typeof code === 'string' ? { code } : {}),
        ...(withStack && node.stack ? { stack: redact(node.stack) } : {}),
      };
    }
    if (node instanceof Date) return node.toISOString();
    if (Array.isArray(node)) return node.map((child) => walk(child, depth + 1));
    if (node instanceof URL) return redact(`${node.origin}${node.pathname}`);
    if (node instanceof Headers) return walk(Object.fromEntries(node.entries()), depth);
    return Object.fromEntries(
      Object.entries(node).map(([key, child]) => [redact(key), isNeverLogged(key) && child != null ? REDACTED : walk(child, depth + 1)]),
    );
  };
  return walk(fields, 0) as LogFields;
}

export type LoggerOptions = {
  level: LogLevel;
  /** Where lines go; default: stdout, written synchronously. */
  destination?: DestinationStream;
};

/** A pino logger with the app's format. Exported for tests, which write to memory. */
export function createLogger({ level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The request's own facts; a caller's field of the same name wins (pino's default merge).
      mixin: () => {
        const context = requestContext();
        if (!context) return {};
        return {
          requestId: context.requestId,
          ...(context.actor !== undefined ? { actor: context.actor } : {}),
          ...(context.registrationId !== undefined ? { registrationId: context.registrationId } : {}),
        };
      },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** LOG_LEVEL as configured; if the configuration does not parse, LOG_LEVEL alone, else info. */
function configuredLevel(): LogLevel {
  try {
    return getConfig().logLevel;
  } catch {
    return parseLogLevel(process.env) ?? 'info';
  }
}

function configuredSecrets(): string[] {
  try {
    return secretValues();
  } catch {
    // Configuration not loadable: nothing configured to redact beyond the field names.
    return [];
  }
}

// One logger per process, whichever bundle (instrumentation, routes) loads this module.
const KEY = Symbol.for('banqup-store-wizard.log');
const globalWithLog = globalThis as typeof globalThis & { [KEY]?: { logger?: Logger } };
const slot = (globalWithLog[KEY] ??= {});

function logger(): Logger {
  slot.logger ??= createLogger({ level: configuredLevel() });
  return slot.logger;
}

/** Replaces the process's logger (tests); returns a function that puts the previous one back. */
export function replaceLogger(replacement: Logger): () => void {
  const previous = slot.logger;
  slot.logger = replacement;
  return () => {
    slot.logger = previous;
  };
}

/** Whether lines of `level` are written: to skip building costly fields. */
export function logs(level: Method): boolean {
  return logger().isLevelEnabled(level);
}

function write(level: Method, message: string, fields: LogFields = {}) {
  const target = logger();
  if (!target.isLevelEnabled(level)) return;
  try {
    const redact = createRedactor(configuredSecrets());
    target[level](safeFields(fields, redact, level === 'error' || level === 'fatal'), redact(message));
  } catch {
    // A log line never fails what it describes (stdout closed: EPIPE); there is nowhere else to say so.
  }
}

export const log = {
  trace: (message: string, fields?: LogFields) => write('trace', message, fields),
  debug: (message: string, fields?: LogFields) => write('debug', message, fields),
  info: (message: string, fields?: LogFields) => write('info', message, fields),
  warn: (message: string, fields?: LogFields) => write('warn', message, fields),
  error: (message: string, fields?: LogFields) => write('error', message, fields),
  fatal: (message: string, fields?: LogFields) => write('fatal', message, fields),
};
