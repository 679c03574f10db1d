import { describe, expect, it } from 'vitest';
import { compareSemver, nextFreeVersion, highestVersion } from './semver';

describe('compareSemver', () => {
  it.each([
    ['1.0.0', '1.0.1', -1],
    ['1.0.10', '1.0.9', 1],
    ['2.0.0', '10.0.0', -1],
    ['1.0.0', '1.0.0', 0],
    ['1.0.0-alpha', '1.0.0', -1],
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-alpha.beta', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-rc.1', '1.0.0-beta.11', 1],
    ['1.0.0+build.1', '1.0.0+build.2', 0],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareSemver(a, b)).toBe(expected);
    expect(compareSemver(b, a)).toBe(-expected || 0);
  });

  it('refuses what is not a version', () => {
    expect(() => compareSemver('1.0', '1.0.0')).toThrow(/not a semantic version/);
  });
});

describe('highestVersion', () => {
  it('is the highest in semantic order, not in text order; none of none', () => {
    expect(highestVersion(['1.10.0', '1.9.0', '1.2.0'])).toBe('1.10.0');
    expect(highestVersion(['1.0.0', '1.0.0-rc.1'])).toBe('1.0.0');
    expect(highestVersion([])).toBeUndefined();
  });
});

describe('nextFreeVersion', () => {
  it.each([
    ['1.0.0', [], '1.0.1'],
    ['1.0.9', [], '1.0.10'],
    ['1.0.0', ['1.0.1'], '1.0.2'],
    ['1.0.0', ['1.4.0', '0.9.0'], '1.4.1'],
    ['2.0.0', ['1.4.0'], '2.0.1'],
    ['1.0.0-beta.1', [], '1.0.0-beta.2'],
    ['1.0.0-beta', [], '1.0.0-beta.1'],
    ['1.0.0+build.7', [], '1.0.1'],
    ['1.0.0', ['not a version'], '1.0.1'],
  ] as const)('after %s (taken %j) offers %s', (refused, taken, expected) => {
    const next = nextFreeVersion(refused, taken);
    expect(next).toBe(expected);
    for (const version of [refused, ...taken].filter((v) => /^\d/.test(v))) expect(compareSemver(next, version)).toBe(1);
  });
});
