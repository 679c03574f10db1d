import { SEMVER_PATTERN } from '@/lib/banqup/vocabulary';

/** Compares two semantic versions by SemVer 2.0.0 precedence: <0, 0 or >0. Build metadata is ignored. */
export function compareSemver(a: string, b: string): number {
  const pa = SEMVER_PATTERN.exec(a);
  const pb = SEMVER_PATTERN.exec(b);
  if (!pa || !pb) throw new Error(`not a semantic version: ${pa ? b : a}`);
  for (let i = 1; i <= 3; i++) {
    const diff = Number(pa[i]) - Number(pb[i]);
    if (diff !== 0) return Math.sign(diff);
  }
  const preA = pa[4]?.split('.');
  const preB = pb[4]?.split('.');
  if (!preA && !preB) return 0;
  if (!preA) return 1; // a release ranks above its pre-releases
  if (!preB) return -1;
  for (let i = 0; i < Math.max(preA.length, preB.length); i++) {
    const x = preA[i];
    const y = preB[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return Math.sign(diff);
    } else if (nx !== ny) {
      return nx ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** The highest of these versions (semantic order), if any. */
export function highestVersion(versions: readonly string[]): string | undefined {
  return [...versions].sort(compareSemver).at(-1);
}

/**
 * The version to offer after Banqup refused `refused` as already taken: the next one up (the
 * patch number, or a pre-release's last number) above the highest version known to be taken
 * (`taken`: the ones sent, and the ones refused before). Build metadata is left out: Banqup
 * would compare without it.
 */
export function nextFreeVersion(refused: string, taken: readonly string[] = []): string {
  const highest = highestVersion([refused, ...taken].filter((version) => SEMVER_PATTERN.test(version))) ?? refused;
  return bump(highest);
}

function bump(version: string): string {
  const match = SEMVER_PATTERN.exec(version);
  if (!match) throw new Error(`not a semantic version: ${version}`);
  const [, major, minor, patch, pre] = match;
  if (!pre) return `${major}.${minor}.${Number(patch) + 1}`;
  const parts = pre.split('.');
  const last = parts.at(-1) ?? '';
  return /^\d+$/.test(last) ? `${major}.${minor}.${patch}-${[...parts.slice(0, -1), String(Number(last) + 1)].join('.')}` : `${major}.${minor}.${patch}-${pre}.1`;
}
