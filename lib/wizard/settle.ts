/**
 * Settling calls whose outcome is unknown, from a read of the application at Banqup: an item
 * is found there when Banqup holds more items like it than the ledger knows of. Plain module.
 */
import type { LedgerEntry, LedgerResolution } from './holdings';

/** Where each step's items are in the application's read (as the sandbox answers it). */
export const READ_COLLECTIONS: Record<number, string> = {
  2: 'infoLocalizations',
  3: 'logo',
  4: 'medias',
  5: 'spaceTypes',
  6: 'spaceSegments',
  7: 'brands',
  8: 'locations',
  9: 'versions',
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** JSON with sorted keys: equal values compare equal. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, node: unknown) => (isObject(node) ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : node));

const isHeld = (entry: LedgerEntry) => entry.outcome === 'accepted' || (entry.outcome === 'unknown' && entry.resolution === 'present');

export type Settlement = { ledgerId: number; resolution: Extract<LedgerResolution, 'present' | 'absent'>; remoteId: string | null };

export function settle(ledger: readonly LedgerEntry[], application: Json): { settled: Settlement[]; undetermined: LedgerEntry[] } {
  const settled: Settlement[] = [];
  const undetermined: LedgerEntry[] = [];
  const found = new Map<string, number>();
  const knownIds = new Set(ledger.flatMap((entry) => (entry.remoteId ? [entry.remoteId] : [])));
  // Open unknown outcomes, and those sent again anyway (the first may be at Banqup as well).
  const open = ledger
    .filter((entry) => entry.outcome === 'unknown' && (entry.resolution === null || entry.resolution === 'resent') && READ_COLLECTIONS[entry.step])
    .sort((a, b) => a.id - b.id);

  for (const entry of open) {
    const raw = application[READ_COLLECTIONS[entry.step] ?? ''];
    const list = Array.isArray(raw) ? raw.filter(isObject) : isObject(raw) ? [raw] : raw === null ? [] : undefined;
    const keys = Object.keys(entry.match);
    // No such collection in the read, nothing to compare by, or items without all of those
    // fields (texts that differ only in a field the read leaves out would look alike): cannot tell.
    if (!list || keys.length === 0 || list.some((item) => !keys.every((key) => key in item))) {
      undetermined.push(entry);
      continue;
    }
    const matches = list.filter((item) => keys.every((key) => canonical(item[key]) === canonical(entry.match[key])));
    if (entry.step === 3) {
      // The logo's PUT replaces: it arrived if Banqup's logo is this one.
      settled.push({ ledgerId: entry.id, resolution: matches.length > 0 ? 'present' : 'absent', remoteId: null });
      continue;
    }
    const signature = `${entry.step}:${canonical(entry.match)}`;
    // What the ledger already knows Banqup holds of the same content (same item and payload).
    const held = ledger.filter(
      (other) => other.step === entry.step && isHeld(other) && ((other.itemKey === entry.itemKey && other.fingerprint === entry.fingerprint) || canonical(other.match) === canonical(entry.match)),
    ).length;
    const taken = found.get(signature) ?? 0;
    if (matches.length > held + taken) {
      found.set(signature, taken + 1);
      const id = matches.map((item) => item.id).find((value): value is string => typeof value === 'string' && !knownIds.has(value));
      if (id && entry.step === 4) knownIds.add(id);
      settled.push({ ledgerId: entry.id, resolution: 'present', remoteId: entry.step === 4 ? (id ?? null) : null });
    } else {
      settled.push({ ledgerId: entry.id, resolution: 'absent', remoteId: null });
    }
  }
  return { settled, undetermined };
}
