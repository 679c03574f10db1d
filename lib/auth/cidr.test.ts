import { describe, expect, it } from 'vitest';
import { canonicalAddress, inRanges, isLoopback, parseCidr, parseCidrList } from './cidr';

describe('address ranges (TRUSTED_PROXIES)', () => {
  it('matches IPv4 ranges and single addresses', () => {
    const { ranges, invalid } = parseCidrList('10.0.0.0/8, 192.168.1.7');
    expect(invalid).toEqual([]);
    expect(inRanges('10.200.3.4', ranges)).toBe(true);
    expect(inRanges('192.168.1.7', ranges)).toBe(true);
    expect(inRanges('192.168.1.8', ranges)).toBe(false);
    expect(inRanges('11.0.0.1', ranges)).toBe(false);
  });

  it('matches IPv6 ranges, and IPv4 written as IPv6 as IPv4', () => {
    const { ranges } = parseCidrList('fd00::/8,10.0.0.5/32');
    expect(inRanges('fd12:3456::1', ranges)).toBe(true);
    expect(inRanges('fe80::1', ranges)).toBe(false);
    expect(inRanges('::ffff:10.0.0.5', ranges)).toBe(true);
    expect(inRanges('::ffff:10.0.0.6', ranges)).toBe(false);
    expect(canonicalAddress('[::1]')).toBe('::1');
  });

  it('refuses what is not a range, instead of trusting more than meant', () => {
    expect(parseCidrList('10.0.0.0/33, example.com, 10.0.0.1/8/2, ').invalid).toEqual(['10.0.0.0/33', 'example.com', '10.0.0.1/8/2']);
    expect(parseCidr('::1/129')).toBeUndefined();
    expect(parseCidr('1.2.3.4/x')).toBeUndefined();
    // Nothing matches an empty list, nor a string that is not an address.
    expect(inRanges('10.0.0.1', [])).toBe(false);
    expect(inRanges('', parseCidrList('0.0.0.0/0').ranges)).toBe(false);
    expect(inRanges('not-an-ip', parseCidrList('0.0.0.0/0').ranges)).toBe(false);
  });

  it('knows loopback', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback('::')).toBe(false);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});
