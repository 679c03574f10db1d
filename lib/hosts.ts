/**
 * The host names the app answers to: the defence against DNS rebinding, where a web page
 * whose name rebinds to this server's address would otherwise be "same origin" and drive the
 * wizard with the team's Banqup token. Plain module without imports: proxy.ts checks every
 * request with it, and lib/env.ts validates ALLOWED_HOSTS at start-up with the same parser.
 */

/** Loopback names are always allowed: a rebinding page arrives under its own name, never these. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** A host name as compared: lower case, no port, no trailing dot; IPv6 in brackets. */
export function normalizeHost(value: string): string | undefined {
  const text = value.trim().toLowerCase();
  if (text === '' || text.length > 255) return undefined;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    const rest = end > 0 ? text.slice(end + 1) : undefined;
    // After the address only a port may follow: `[::1]evil.example` is no host.
    if (rest === undefined || !(rest === '' || /^:\d{1,5}$/.test(rest))) return undefined;
    return text.slice(0, end + 1);
  }
  if (text.includes(':') && text.split(':').length > 2) return `[${text}]`; // a bare IPv6 address
  const [rawName = '', port] = text.split(':');
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return undefined;
  const name = rawName.replace(/\.$/, '');
  return /^[a-z0-9.-]+$/.test(name) ? name : undefined;
}

/** One entry of ALLOWED_HOSTS: a name, or `*.example.com` / `.example.com` for its subdomains. */
export function parseAllowedHost(entry: string): string | undefined {
  const text = entry.trim().toLowerCase();
  if (text.startsWith('*.') || text.startsWith('.')) {
    const base = normalizeHost(text.replace(/^\*?\./, ''));
    return base && !base.startsWith('[') ? `.${base}` : undefined;
  }
  return normalizeHost(text);
}

export type HostPolicy = { names: ReadonlySet<string>; suffixes: readonly string[] };

/** The allowed hosts of an environment: loopback names, APP_URL's host, and ALLOWED_HOSTS. */
export function hostPolicy(env: { APP_URL?: string; ALLOWED_HOSTS?: string }): HostPolicy {
  const names = new Set<string>(LOOPBACK_HOSTS);
  const suffixes: string[] = [];
  if (env.APP_URL && URL.canParse(env.APP_URL)) {
    const host = normalizeHost(new URL(env.APP_URL).host);
    if (host) names.add(host);
  }
  for (const entry of (env.ALLOWED_HOSTS ?? '').split(',')) {
    if (entry.trim() === '') continue;
    const parsed = parseAllowedHost(entry);
    if (!parsed) continue;
    if (parsed.startsWith('.')) suffixes.push(parsed);
    else names.add(parsed);
  }
  return { names, suffixes };
}

export function isAllowedHost(header: string | null | undefined, policy: HostPolicy): boolean {
  if (!header) return false;
  const host = normalizeHost(header);
  if (!host) return false;
  return policy.names.has(host) || policy.suffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
}

/** ALLOWED_HOSTS entries that do not parse, for a clear start-up error. */
export function invalidAllowedHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && parseAllowedHost(entry) === undefined);
}

let cached: { key: string; policy: HostPolicy } | undefined;

/** This process's policy, from APP_URL and ALLOWED_HOSTS (re-read if they change, as in tests). */
export function currentHostPolicy(): HostPolicy {
  const key = `${process.env.APP_URL ?? ''}|${process.env.ALLOWED_HOSTS ?? ''}`;
  if (cached?.key !== key) cached = { key, policy: hostPolicy({ APP_URL: process.env.APP_URL, ALLOWED_HOSTS: process.env.ALLOWED_HOSTS }) };
  return cached.policy;
}

/** A host as it may be echoed in a plain-text answer: printable, short. */
const shown = (value: string) => value.replace(/[^\x21-\x7e]/g, '?').slice(0, 100);

/**
 * The 421 answer for a request under a name that is not ours (Host, or X-Forwarded-Host, which
 * Next.js checks server actions' Origin against), or undefined when the request may go on.
 */
export function misdirectedRequest(headers: Headers): Response | undefined {
  const policy = currentHostPolicy();
  const host = headers.get('host') ?? '';
  const forwarded = headers.get('x-forwarded-host');
  const [name, header] = !isAllowedHost(host, policy)
    ? [host, 'Host']
    : forwarded !== null && !forwarded.split(',').every((entry) => isAllowedHost(entry, policy))
      ? [forwarded, 'X-Forwarded-Host']
      : [undefined, undefined];
  if (name === undefined) return undefined;
  return new Response(
    `421 Misdirected Request: this Banqup Store wizard does not answer to the ${header} "${shown(name)}". ` +
      'If that is its address, add the name to ALLOWED_HOSTS (or set APP_URL) and restart it.\n',
    { status: 421, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" } },
  );
}
