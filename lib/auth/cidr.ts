import net from 'node:net';

/**
 * Address ranges (TRUSTED_PROXIES): `10.0.0.0/8`, `192.168.1.7`, `fd00::/8`, `::1`. An IPv4
 * address written as IPv6 (`::ffff:10.0.0.1`) is matched as IPv4.
 */

export type Cidr = { family: 4 | 6; bits: bigint; prefix: number; text: string };

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToBigInt(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = [...headParts, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
  return parts.reduce((value, part) => (value << 16n) | BigInt(parseInt(part || '0', 16)), 0n);
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; a zone (`fe80::1%eth0`) is dropped. */
export function canonicalAddress(address: string): string {
  const bare = address.replace(/%.*$/, '').replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped ? mapped[1]! : bare;
}

export function parseCidr(text: string): Cidr | undefined {
  const [rawAddress, rawPrefix, ...rest] = text.trim().split('/');
  if (rest.length > 0 || !rawAddress) return undefined;
  const address = canonicalAddress(rawAddress);
  const family = net.isIPv4(address) ? 4 : net.isIPv6(address) ? 6 : 0;
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  if (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix)) return undefined;
  const prefix = rawPrefix === undefined ? max : Number(rawPrefix);
  if (prefix > max) return undefined;
  const value = family === 4 ? ipv4ToBigInt(address) : ipv6ToBigInt(address);
  const shift = BigInt(max - prefix);
  return { family, bits: (value >> shift) << shift, prefix, text: text.trim() };
}

/** Parses a comma-separated list; returns the entries that are not ranges as `invalid`. */
export function parseCidrList(text: string | undefined): { ranges: Cidr[]; invalid: string[] } {
  const ranges: Cidr[] = [];
  const invalid: string[] = [];
  for (const entry of (text ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const cidr = parseCidr(entry);
    if (cidr) ranges.push(cidr);
    else invalid.push(entry);
  }
  return { ranges, invalid };
}

export function inRanges(address: string, ranges: readonly Cidr[]): boolean {
  const canonical = canonicalAddress(address);
  const family = net.isIPv4(canonical) ? 4 : net.isIPv6(canonical) ? 6 : 0;
  if (family === 0) return false;
  const value = family === 4 ? ipv4ToBigInt(canonical) : ipv6ToBigInt(canonical);
  return ranges.some((range) => {
    if (range.family !== family) return false;
    const shift = BigInt((family === 4 ? 32 : 128) - range.prefix);
    return (value >> shift) << shift === range.bits;
  });
}

/** Loopback: 127.0.0.0/8 and ::1. */
export const LOOPBACK = parseCidrList('127.0.0.0/8,::1/128').ranges;

export function isLoopback(address: string): boolean {
  return inRanges(address, LOOPBACK);
}
