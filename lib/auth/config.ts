import { parseCidrList, type Cidr } from './cidr';

/**
 * Who may use the wizard (AUTH_MODE) and what each person may do (ROLE_*): parsed from the
 * environment with the rest of the configuration (lib/env.ts), one error line per problem.
 */

export const AUTH_MODES = ['none', 'proxy', 'oidc'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const ROLES = ['editor', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** How an authenticating proxy names the person: headers, or a signed JWT in a header. */
export type ProxyPreset = {
  label: string;
  /** Headers naming the person, first present wins (all are checked for doubling). */
  userHeaders: string[];
  emailHeaders: string[];
  nameHeaders: string[];
  groupsHeaders: string[];
  /** How several groups are written in one header value. */
  groupsSeparator: RegExp;
  /** For proxies that sign what they assert: the header carrying the JWT. */
  jwtHeader?: string;
};

export const PROXY_PRESETS = {
  'oauth2-proxy': {
    label: 'oauth2-proxy',
    userHeaders: ['x-auth-request-email', 'x-forwarded-email', 'x-auth-request-user', 'x-forwarded-user'],
    emailHeaders: ['x-auth-request-email', 'x-forwarded-email'],
    nameHeaders: ['x-auth-request-preferred-username', 'x-forwarded-preferred-username'],
    groupsHeaders: ['x-auth-request-groups', 'x-forwarded-groups'],
    groupsSeparator: /,/,
  },
  authelia: {
    label: 'Authelia',
    userHeaders: ['remote-user'],
    emailHeaders: ['remote-email'],
    nameHeaders: ['remote-name'],
    groupsHeaders: ['remote-groups'],
    groupsSeparator: /,/,
  },
  authentik: {
    label: 'authentik',
    userHeaders: ['x-authentik-email', 'x-authentik-username'],
    emailHeaders: ['x-authentik-email'],
    nameHeaders: ['x-authentik-name'],
    groupsHeaders: ['x-authentik-groups'],
    groupsSeparator: /\|/,
  },
  tailscale: {
    label: 'Tailscale Serve',
    userHeaders: ['tailscale-user-login'],
    emailHeaders: ['tailscale-user-login'],
    nameHeaders: ['tailscale-user-name'],
    groupsHeaders: [],
    groupsSeparator: /,/,
  },
  cloudflare: {
    label: 'Cloudflare Access',
    userHeaders: [],
    emailHeaders: [],
    nameHeaders: [],
    groupsHeaders: [],
    groupsSeparator: /,/,
    jwtHeader: 'cf-access-jwt-assertion',
  },
  pomerium: {
    label: 'Pomerium',
    userHeaders: [],
    emailHeaders: [],
    nameHeaders: [],
    groupsHeaders: [],
    groupsSeparator: /,/,
    jwtHeader: 'x-pomerium-jwt-assertion',
  },
} satisfies Record<string, ProxyPreset>;

export type ProxyPresetName = keyof typeof PROXY_PRESETS;

/** A ROLE_* entry: a group (`group:name`), a person (e-mail or user name), or everyone (`*`). */
export type RoleRule = { kind: 'group'; value: string } | { kind: 'person'; value: string } | { kind: 'everyone' };

export type AuthConfig =
  | { mode: 'none'; roles: RoleConfig }
  | {
      mode: 'proxy';
      preset: ProxyPreset & { name: string };
      trustedProxies: Cidr[];
      jwt?: { header: string; jwksUrl: string; issuer: string; audience: string; groupsClaim: string };
      roles: RoleConfig;
    }
  | {
      mode: 'oidc';
      oidc: {
        issuer: string;
        clientId: string;
        clientSecret?: string;
        scopes: string;
        groupsClaim: string;
        /** A session's absolute lifetime (OIDC_SESSION_HOURS, 12 by default). */
        sessionHours: number;
      };
      roles: RoleConfig;
    };

export type RoleConfig = {
  /** Undefined: every signed-in person has the role (editors' default). */
  editor?: RoleRule[];
  reviewer: RoleRule[];
  admin: RoleRule[];
  /** The role that records Banqup's decision at step 10 (STATUS_ROLE; admin by default). */
  statusRole: Role;
};

export class AuthConfigError extends Error {}

const headerName = /^[A-Za-z0-9-]+$/;

export function parseRoleRules(text: string | undefined): RoleRule[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((entry): RoleRule => {
      if (entry === '*') return { kind: 'everyone' };
      if (entry.toLowerCase().startsWith('group:')) return { kind: 'group', value: entry.slice('group:'.length).trim() };
      return { kind: 'person', value: entry.toLowerCase() };
    });
}

type AuthEnv = Record<string, string | undefined>;

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http to this machine (a provider or an app run on a laptop). */
function secureOrLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || (protocol === 'http:' && LOOPBACK_NAMES.has(hostname));
}

const value = (env: AuthEnv, name: string) => {
  const text = env[name]?.trim();
  return text === '' ? undefined : text;
};

/** Parses the AUTH_* and ROLE_* variables; throws AuthConfigError naming what is wrong. */
export function parseAuthConfig(env: AuthEnv): AuthConfig {
  const problems: string[] = [];
  const mode = (value(env, 'AUTH_MODE') ?? 'none').toLowerCase();
  if (!(AUTH_MODES as readonly string[]).includes(mode)) throw new AuthConfigError(`AUTH_MODE must be none, proxy or oidc (got "${mode}")`);
  if (value(env, 'TRUSTED_USER_HEADER')) {
    problems.push('TRUSTED_USER_HEADER is no longer read (it trusted any client): set AUTH_MODE=proxy, AUTH_PROXY_HEADER=<the header> and TRUSTED_PROXIES=<the proxy\'s addresses>');
  }
  const statusRole = (value(env, 'STATUS_ROLE') ?? 'admin').toLowerCase();
  if (!(ROLES as readonly string[]).includes(statusRole)) problems.push('STATUS_ROLE must be editor, reviewer or admin');
  const roles: RoleConfig = {
    editor: parseRoleRules(value(env, 'ROLE_EDITORS')),
    reviewer: parseRoleRules(value(env, 'ROLE_REVIEWERS')) ?? [],
    admin: parseRoleRules(value(env, 'ROLE_ADMINS')) ?? [],
    statusRole: statusRole as Role,
  };
  for (const [name, rules] of Object.entries({ ROLE_EDITORS: roles.editor, ROLE_REVIEWERS: roles.reviewer, ROLE_ADMINS: roles.admin })) {
    if (rules?.some((rule) => rule.kind !== 'everyone' && rule.value === '')) problems.push(`${name} has an empty entry (write group:<name> or an e-mail address)`);
  }

  let config: AuthConfig | undefined;
  if (mode === 'none') {
    config = { mode: 'none', roles };
  } else if (mode === 'proxy') {
    const presetName = value(env, 'AUTH_PROXY_PRESET')?.toLowerCase();
    const customHeader = value(env, 'AUTH_PROXY_HEADER');
    const customGroups = value(env, 'AUTH_PROXY_GROUPS_HEADER');
    let preset: (ProxyPreset & { name: string }) | undefined;
    if (presetName && !(presetName in PROXY_PRESETS)) {
      problems.push(`AUTH_PROXY_PRESET must be one of ${Object.keys(PROXY_PRESETS).join(', ')}`);
    } else if (presetName) {
      preset = { ...PROXY_PRESETS[presetName as ProxyPresetName], name: presetName };
    }
    if (customHeader && !headerName.test(customHeader)) problems.push('AUTH_PROXY_HEADER must be an HTTP header name, e.g. X-Forwarded-Email');
    if (customGroups && !headerName.test(customGroups)) problems.push('AUTH_PROXY_GROUPS_HEADER must be an HTTP header name, e.g. X-Forwarded-Groups');
    if (customHeader) {
      // A custom header names the person; it replaces the preset's (groups too when given).
      const base = preset ?? { ...PROXY_PRESETS['oauth2-proxy'], name: 'custom', label: 'custom header', groupsHeaders: [] as string[] };
      preset = {
        ...base,
        name: preset ? `${preset.name} + ${customHeader}` : 'custom',
        userHeaders: [customHeader.toLowerCase()],
        emailHeaders: [customHeader.toLowerCase()],
        groupsHeaders: customGroups ? [customGroups.toLowerCase()] : base.groupsHeaders,
        jwtHeader: undefined,
      };
    } else if (preset && customGroups) {
      preset = { ...preset, groupsHeaders: [customGroups.toLowerCase()] };
    }
    if (!preset) problems.push('AUTH_MODE=proxy needs AUTH_PROXY_PRESET (oauth2-proxy, authelia, authentik, tailscale, cloudflare, pomerium) or AUTH_PROXY_HEADER');
    const { ranges, invalid } = parseCidrList(value(env, 'TRUSTED_PROXIES'));
    if (invalid.length > 0) problems.push(`TRUSTED_PROXIES has entries that are not addresses or ranges: ${invalid.join(', ')}`);
    let jwt: Extract<AuthConfig, { mode: 'proxy' }>['jwt'];
    if (preset?.jwtHeader) {
      const issuer = value(env, 'AUTH_JWT_ISSUER')?.replace(/\/+$/, '');
      const audience = value(env, 'AUTH_JWT_AUDIENCE');
      const defaultJwks = issuer ? (preset.name === 'cloudflare' ? `${issuer}/cdn-cgi/access/certs` : `${issuer}/.well-known/pomerium/jwks.json`) : undefined;
      const jwksUrl = value(env, 'AUTH_JWT_JWKS_URL') ?? defaultJwks;
      if (!issuer) problems.push(`AUTH_PROXY_PRESET=${preset.name} needs AUTH_JWT_ISSUER (e.g. https://your-team.cloudflareaccess.com)`);
      if (!audience) problems.push(`AUTH_PROXY_PRESET=${preset.name} needs AUTH_JWT_AUDIENCE (the application's audience tag or route)`);
      if (jwksUrl && !URL.canParse(jwksUrl)) problems.push('AUTH_JWT_JWKS_URL must be a URL');
      if (issuer && audience && jwksUrl) jwt = { header: preset.jwtHeader, jwksUrl, issuer, audience, groupsClaim: value(env, 'AUTH_JWT_GROUPS_CLAIM') ?? 'groups' };
    } else if (ranges.length === 0 && preset) {
      problems.push('AUTH_MODE=proxy needs TRUSTED_PROXIES: the addresses or ranges your proxy connects from (e.g. 10.0.0.5/32); identity headers from anywhere else are refused');
    }
    if (preset && problems.length === 0) config = { mode: 'proxy', preset, trustedProxies: ranges, jwt, roles };
  } else {
    const issuer = value(env, 'OIDC_ISSUER');
    const clientId = value(env, 'OIDC_CLIENT_ID');
    if (!issuer || !URL.canParse(issuer)) problems.push('AUTH_MODE=oidc needs OIDC_ISSUER, the provider\'s URL (e.g. https://login.example.com/realms/corp)');
    else if (!secureOrLoopback(issuer)) problems.push('OIDC_ISSUER must use https:// (http:// is accepted only for localhost)');
    if (!clientId) problems.push('AUTH_MODE=oidc needs OIDC_CLIENT_ID');
    // The session cookie and the provider's redirect travel to APP_URL: over the network that
    // must be https. (Unset, APP_URL is http://127.0.0.1:PORT, which is loopback.)
    const appUrl = value(env, 'APP_URL');
    if (appUrl && URL.canParse(appUrl) && !secureOrLoopback(appUrl)) {
      problems.push('AUTH_MODE=oidc needs APP_URL with https:// (http:// is accepted only for localhost): the provider sends people back to it with their sign-in');
    }
    const hoursText = value(env, 'OIDC_SESSION_HOURS');
    const sessionHours = hoursText === undefined ? 12 : Number(hoursText);
    if (!Number.isInteger(sessionHours) || sessionHours < 1 || sessionHours > 720) problems.push('OIDC_SESSION_HOURS must be a whole number of hours from 1 to 720');
    if (issuer && clientId && problems.length === 0) {
      config = {
        mode: 'oidc',
        oidc: {
          issuer: issuer.replace(/\/+$/, ''),
          clientId,
          clientSecret: value(env, 'OIDC_CLIENT_SECRET'),
          scopes: value(env, 'OIDC_SCOPES') ?? 'openid email profile',
          groupsClaim: value(env, 'OIDC_GROUPS_CLAIM') ?? 'groups',
          sessionHours,
        },
        roles,
      };
    }
  }
  if (problems.length > 0 || !config) throw new AuthConfigError(problems.join('; '));
  return config;
}
