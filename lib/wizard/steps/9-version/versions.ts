/**
 * Step 9's versions as the ledger knows them: held by Banqup, refused as taken. Plain functions
 * of ledger entries (the page, the send, readiness and the next free version read them).
 */
import type { LedgerEntry } from '@/lib/wizard/holdings';
import { highestVersion } from '@/lib/wizard/semver';

/** The highest version Banqup holds of this step 9 ledger (a registration's, or a step's), if any: the one a new version must exceed. */
export function lastSentVersion(ledger: readonly LedgerEntry[]): string | undefined {
  return highestVersion(heldVersions(ledger));
}

/**
 * Versions Banqup refused as already taken (409) when this registration sent them: another
 * version holds the number. The ledger keeps the refusal as `describe` wrote it ("409 Conflict: ...").
 */
export function refusedVersions(ledger: readonly LedgerEntry[]): string[] {
  const refused = ledger
    .filter((entry) => entry.step === 9 && entry.itemKey.startsWith('version:') && entry.outcome === 'refused' && entry.error?.startsWith('409 '))
    .map((entry) => entry.itemKey.slice('version:'.length));
  return [...new Set(refused)];
}

/** Versions Banqup holds (accepted, or found there after an unknown outcome). */
export function heldVersions(ledger: readonly LedgerEntry[]): string[] {
  return ledger
    .filter((entry) => entry.step === 9 && entry.itemKey.startsWith('version:'))
    .filter((entry) => entry.outcome === 'accepted' || (entry.outcome === 'unknown' && entry.resolution === 'present'))
    .map((entry) => entry.itemKey.slice('version:'.length));
}
