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
