import 'server-only';
import { invalidAllowedHosts } from './hosts';
import { AuthConfigError, parseAuthConfig, type AuthConfig } from './auth/config';
import * as z from 'zod';

/**
 * Configuration, validated once. Every variable is optional: with none set the app runs in
 * sandbox mode on PGlite in `.data/`. `.env.example` documents each one.
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const TOKEN_AUTH_METHODS = ['body', 'basic'] as const;

/** pino's levels, quietest last: LOG_LEVEL keeps lines of this level and above. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const logLevelVariable = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => (value === '' ? undefined : value))
  .optional()
  .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'));

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

const urlVariable = (what: string) =>
  z
    .string()
    .trim()
    .transform((value) => (value === '' ? undefined : value))
    .optional()
    .refine((value) => value === undefined || URL.canParse(value), { error: `must be a URL, e.g. ${what}`, abort: true })
    .refine(
      (value) => {
        if (value === undefined) return true;
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
      },
      { error: 'must use https:// (http:// is accepted only for localhost)', abort: true },
    )
    // A user:password or a query would be a credential in a URL, printed by error messages
    // and pages that show the address: give credentials in their own variables instead.
    .refine((value) => value === undefined || (new URL(value).username === '' && new URL(value).password === ''), {
      error: 'must not contain a user name or password (give the credentials in their own variables)',
    })
    .refine((value) => value === undefined || (new URL(value).search === '' && new URL(value).hash === ''), {
      error: 'must not contain a query string or fragment (it may carry a key; give credentials in their own variables)',
    })
    .transform((value) => value?.replace(/\/+$/, ''));

const positiveInt = (fallback: number, max: number) =>
  z.coerce.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(1).max(max).default(fallback);

/** Seconds, 0 allowed; unset (or empty) means the default worked out in parseConfig. */
const optionalSeconds = (max: number) =>
  optionalString.pipe(z.coerce.number<string | undefined>({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(0).max(max).optional());

const envSchema = z.object({
  BANQUP_API_URL: urlVariable('https://api.uat.example.com'),
  BANQUP_API_TOKEN: optionalString,
  BANQUP_TOKEN_URL: urlVariable('https://auth.uat.example.com/oauth2/token'),
  BANQUP_CLIENT_ID: optionalString,
  BANQUP_CLIENT_SECRET: optionalString,
  BANQUP_SCOPE: optionalString,
  BANQUP_TOKEN_AUTH: z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => (value === '' ? undefined : value))
    .optional()
    .pipe(z.enum(TOKEN_AUTH_METHODS, { error: 'must be body or basic' }).default('body')),
  BANQUP_TIMEOUT_MS: positiveInt(15_000, 300_000),
  BANQUP_MAX_ATTEMPTS: positiveInt(3, 10),
  BANQUP_CONCURRENCY: positiveInt(6, 32),
  BANQUP_SUPPORT_EMAIL: z
    .email({ error: 'must be an e-mail address' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_URL: optionalString.refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
    error: 'must be a PostgreSQL URL (postgres://user:password@host:5432/db)',
  }),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  PORT: positiveInt(3000, 65_535),
  APP_URL: optionalString.refine((value) => value === undefined || URL.canParse(value), {
    error: 'must be a URL, e.g. http://localhost:3000',
  }),
  ALLOWED_HOSTS: optionalString.refine((value) => invalidAllowedHosts(value).length === 0, {
    error: 'must be host names separated by commas, e.g. wizard.example.com,*.preview.example.com',
  }),
  SANDBOX_TOKEN: z.string().trim().min(8, { error: 'must be at least 8 characters' }).default('sandbox-token'),
  SANDBOX_CLIENT_ID: z.string().trim().min(1).default('sandbox-client'),
  SANDBOX_CLIENT_SECRET: z.string().trim().min(8, { error: 'must be at least 8 characters' }).default('sandbox-secret'),
  SANDBOX_TOKEN_TTL_SECONDS: positiveInt(3600, 86_400),
  SANDBOX_ERROR_STYLE: z.enum(['problem', 'banqup'], { error: 'must be problem or banqup' }).default('problem'),
  STORAGE_QUOTA_MB: positiveInt(50, 100_000),
  UPLOADS_PER_MINUTE: positiveInt(30, 100_000),
  LOG_LEVEL: logLevelVariable,
  // Read by Next.js itself too (server actions' ids and encryption); checked here so that a
  // replica with a bad or missing key stops at start-up instead of failing its users' clicks.
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: optionalString.refine((value) => value === undefined || isAesKeyBase64(value), {
    error: 'must be a base64-encoded AES key of 16, 24 or 32 bytes: make one with `openssl rand -base64 32`',
  }),
  SHUTDOWN_DELAY_SECONDS: optionalSeconds(600),
  SHUTDOWN_GRACE_SECONDS: optionalSeconds(3600),
});

/** What Next.js accepts as NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: standard base64 of an AES-128/192/256 key. */
export function isAesKeyBase64(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 && [16, 24, 32].includes(Buffer.from(value, 'base64').byteLength);
}

/** How the client id and secret reach the token endpoint: in the form body, or as HTTP Basic. */
export type TokenAuth = (typeof TOKEN_AUTH_METHODS)[number];

export type BanqupAuth =
  | { kind: 'static'; token: string }
  | { kind: 'oauth'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export type AppConfig = {
  /** sandbox: the built-in stand-in under /sandbox; api: a real Banqup API. */
  mode: 'sandbox' | 'api';
  /** concurrency: a step's calls in flight at once (BANQUP_CONCURRENCY); "Send everything" sends the steps side by side. */
  banqup: { baseUrl: string; auth: BanqupAuth; tokenAuth: TokenAuth; timeoutMs: number; maxAttempts: number; concurrency: number };
  supportEmail?: string;
  /** Who may use the wizard and what each may do (AUTH_MODE, ROLE_*: lib/auth/config.ts). */
  auth: AuthConfig;
  database: { url?: string; dataDir: string };
  /** Bytes of uploaded files one registration may keep (STORAGE_QUOTA_MB). */
  storageQuotaBytes: number;
  /** Uploads one client may make per minute (UPLOADS_PER_MINUTE). */
  uploadsPerMinute: number;
  /** The least severe log lines written (LOG_LEVEL, default info). */
  logLevel: LogLevel;
  /**
   * The key Next.js names and encrypts server actions with (NEXT_SERVER_ACTIONS_ENCRYPTION_KEY):
   * required with DATABASE_URL, where several replicas (or an old and a new one during an
   * update) serve the same people and must agree on it.
   */
  actionsEncryptionKey?: string;
  /** How long a stopping server lets running requests finish (SHUTDOWN_GRACE_SECONDS). */
  shutdownGraceMs: number;
  /**
   * How long a stopping server still takes requests, with /api/ready at 503, before it closes
   * its listener (SHUTDOWN_DELAY_SECONDS, default 0): time for a load balancer to stop sending.
   */
  shutdownDelayMs: number;
  appUrl: string;
  /** APP_URL was set: `appUrl` is the app's public address, not the loopback default. */
  appUrlConfigured: boolean;
  sandbox: {
    token: string;
    clientId: string;
    clientSecret: string;
    tokenTtlSeconds: number;
    errorStyle: 'problem' | 'banqup';
  };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment into the app's configuration, or throws one ConfigError line. */
export function parseConfig(source: Record<string, string | undefined>): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  let auth: AuthConfig;
  try {
    auth = parseAuthConfig(source);
  } catch (error) {
    if (error instanceof AuthConfigError) throw new ConfigError(`Invalid configuration: ${error.message}`);
    throw error;
  }
  if (env.DATABASE_URL && !env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY) {
    throw new ConfigError(
      'Invalid configuration: NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be set when DATABASE_URL is set (every replica, and `npm run build`, must use the same one): make one with `openssl rand -base64 32`',
    );
  }
  const appUrl = (env.APP_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, '');
  const mode = env.BANQUP_API_URL ? 'api' : 'sandbox';
  const baseUrl = env.BANQUP_API_URL ?? `${appUrl}/sandbox`;

  const oauthVariables = {
    BANQUP_CLIENT_ID: env.BANQUP_CLIENT_ID,
    BANQUP_CLIENT_SECRET: env.BANQUP_CLIENT_SECRET,
  };
  const oauthGiven = Object.entries(oauthVariables).filter(([, value]) => value !== undefined);
  let banqupAuth: BanqupAuth;
  if (oauthGiven.length > 0 || (env.BANQUP_TOKEN_URL && mode === 'api')) {
    const missing = Object.entries(oauthVariables)
      .filter(([, value]) => value === undefined)
      .map(([name]) => name);
    if (mode === 'api' && !env.BANQUP_TOKEN_URL) missing.unshift('BANQUP_TOKEN_URL');
    if (missing.length > 0) {
      throw new ConfigError(`Invalid configuration: ${missing.join(', ')} must be set for OAuth2 client credentials`);
    }
    banqupAuth = {
      kind: 'oauth',
      tokenUrl: env.BANQUP_TOKEN_URL ?? `${baseUrl}/oauth/token`,
      clientId: env.BANQUP_CLIENT_ID as string,
      clientSecret: env.BANQUP_CLIENT_SECRET as string,
      scope: env.BANQUP_SCOPE,
    };
  } else if (env.BANQUP_API_TOKEN) {
    banqupAuth = { kind: 'static', token: env.BANQUP_API_TOKEN };
  } else if (mode === 'sandbox') {
    banqupAuth = { kind: 'static', token: env.SANDBOX_TOKEN };
  } else {
    throw new ConfigError(
      'Invalid configuration: BANQUP_API_URL is set, so set BANQUP_API_TOKEN or BANQUP_TOKEN_URL, BANQUP_CLIENT_ID and BANQUP_CLIENT_SECRET',
    );
  }

  return {
    mode,
    banqup: { baseUrl, auth: banqupAuth, tokenAuth: env.BANQUP_TOKEN_AUTH, timeoutMs: env.BANQUP_TIMEOUT_MS, maxAttempts: env.BANQUP_MAX_ATTEMPTS, concurrency: env.BANQUP_CONCURRENCY },
    supportEmail: env.BANQUP_SUPPORT_EMAIL,
    auth,
    database: { url: env.DATABASE_URL, dataDir: env.DATA_DIR },
    storageQuotaBytes: env.STORAGE_QUOTA_MB * 1024 * 1024,
    uploadsPerMinute: env.UPLOADS_PER_MINUTE,
    logLevel: env.LOG_LEVEL,
    actionsEncryptionKey: env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY,
    // By default, long enough for one Banqup call with all its attempts (each up to
    // BANQUP_TIMEOUT_MS, up to 10 s apart when Banqup asks to wait), plus 5 s to write its outcome.
    shutdownGraceMs:
      env.SHUTDOWN_GRACE_SECONDS !== undefined
        ? env.SHUTDOWN_GRACE_SECONDS * 1000
        : env.BANQUP_TIMEOUT_MS * env.BANQUP_MAX_ATTEMPTS + 10_000 * (env.BANQUP_MAX_ATTEMPTS - 1) + 5_000,
    shutdownDelayMs: (env.SHUTDOWN_DELAY_SECONDS ?? 0) * 1000,
    appUrl,
    appUrlConfigured: env.APP_URL !== undefined,
    sandbox: {
      token: env.SANDBOX_TOKEN,
      clientId: env.SANDBOX_CLIENT_ID,
      clientSecret: env.SANDBOX_CLIENT_SECRET,
      tokenTtlSeconds: env.SANDBOX_TOKEN_TTL_SECONDS,
      errorStyle: env.SANDBOX_ERROR_STYLE,
    },
  };
}

/**
 * LOG_LEVEL alone, by the same rule as parseConfig: for the logger when the rest of the
 * configuration does not parse (the line saying so must still come out). undefined if invalid.
 */
export function parseLogLevel(source: Record<string, string | undefined>): LogLevel | undefined {
  const parsed = logLevelVariable.safeParse(source.LOG_LEVEL);
  return parsed.success ? parsed.data : undefined;
}

let cached: AppConfig | undefined;

/** The configuration of this process, parsed on first use (at start-up, by instrumentation). */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** The secret values of the configuration: what log lines and errors must never contain. */
export function secretValues(config: AppConfig = getConfig()): string[] {
  const values = [config.sandbox.token, config.sandbox.clientSecret];
  if (config.banqup.auth.kind === 'static') values.push(config.banqup.auth.token);
  else values.push(config.banqup.auth.clientSecret);
  if (config.auth.mode === 'oidc' && config.auth.oidc.clientSecret) values.push(config.auth.oidc.clientSecret);
  if (config.actionsEncryptionKey) values.push(config.actionsEncryptionKey);
  if (config.database.url) {
    const password = new URL(config.database.url).password;
    if (password) values.push(decodeURIComponent(password));
  }
  return values.filter((value) => value.length >= 4);
}
