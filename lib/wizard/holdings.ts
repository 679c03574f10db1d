/**
 * What Banqup holds for a step, and what a send of it would do: derived from the ledger
 * (every item ever sent and its outcome), never from the form. Plain module: no I/O.
 *
 * Banqup's API has no delete, update or reorder call (the recipe documents none) and does not
 * say what a second POST of an item does, so the least forgiving reading is taken: every POST
 * adds an item. Only the logo's PUT replaces the previous logo.
 */

export type LedgerOutcome = 'sending' | 'accepted' | 'refused' | 'unknown';
export type LedgerResolution = 'present' | 'absent' | 'resent';

/** One item sent to Banqup, as the ledger records it. */
export type LedgerEntry = {
  id: number;
  step: number;
  itemKey: string;
  label: string;
  fingerprint: string;
  /** What identifies the item in Banqup's read of the application (e.g. {countryCode: 'BE'}). */
  match: Record<string, unknown>;
  outcome: LedgerOutcome;
  resolution: LedgerResolution | null;
  remoteId: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
};

/** An item the draft wants Banqup to hold. `key` names its slot, `fingerprint` its content. */
export type WantedItem = { key: string; label: string; fingerprint: string };

/** How a step's items behave at Banqup. */
export type StepRules = {
  /** The step's call replaces what was there (the logo's PUT): earlier items are gone. */
  replaces?: boolean;
  /** Earlier items are history, not leftovers (versions: each new one is added on purpose). */
  history?: boolean;
};

export const STEP_RULES: Record<number, StepRules> = { 3: { replaces: true }, 9: { history: true } };

export type HeldItem = {
  ledgerId: number;
  key: string;
  label: string;
  remoteId: string | null;
  sentAt: string;
  /** Still wanted by the draft. False: left at Banqup, which no API call can remove. */
  wanted: boolean;
  /** Known only from a read of the application at Banqup (after an unknown outcome). */
  checked: boolean;
};

export type UncertainItem = {
  ledgerId: number;
  key: string;
  label: string;
  sentAt: string;
  error: string | null;
  /** The person chose to send it again anyway: no longer blocks, but may still be at Banqup. */
  resent: boolean;
};

export type PlannedSend<T extends WantedItem = WantedItem> = {
  item: T;
  /** new: Banqup holds nothing in this slot; second: it holds other content there, which stays; replace: PUT. */
  kind: 'new' | 'second' | 'replace';
  /** For `second`: what Banqup keeps (or may keep) in the slot, and their ledger rows. */
  keeps: string[];
  keepIds: number[];
};

export type StepHoldings<T extends WantedItem = WantedItem> = {
  held: HeldItem[];
  uncertain: UncertainItem[];
  /** Items being sent right now (or whose sender has not yet been found dead). */
  inFlight: { ledgerId: number; label: string }[];
  /** Wanted items Banqup holds as they are. */
  upToDate: T[];
  /** Wanted items a send would post. */
  toSend: PlannedSend<T>[];
  /** Wanted items not sent because an earlier send of their slot may have arrived. */
  blocked: T[];
  /** Held items the draft no longer wants. */
  leftovers: HeldItem[];
};

const isHeld = (entry: LedgerEntry) => entry.outcome === 'accepted' || (entry.outcome === 'unknown' && entry.resolution === 'present');
const isOpenUnknown = (entry: LedgerEntry) => entry.outcome === 'unknown' && entry.resolution === null;

/** Compares a step's wanted items with what the ledger says Banqup holds. */
export function holdingsFor<T extends WantedItem>(step: number, wanted: readonly T[], ledger: readonly LedgerEntry[]): StepHoldings<T> {
  const rules = STEP_RULES[step] ?? {};
  const entries = ledger.filter((entry) => entry.step === step).sort((a, b) => a.id - b.id);
  let heldEntries = entries.filter(isHeld);
  // A PUT replaces: only the latest accepted logo is at Banqup.
  if (rules.replaces) heldEntries = heldEntries.slice(-1);

  const consumed = new Set<number>();
  const upToDate: T[] = [];
  const toSend: PlannedSend<T>[] = [];
  const blocked: T[] = [];
  const openUnknown = entries.filter(isOpenUnknown);

  for (const item of wanted) {
    const same = heldEntries.find((entry) => !consumed.has(entry.id) && entry.itemKey === item.key && entry.fingerprint === item.fingerprint);
    if (same) {
      consumed.add(same.id);
      upToDate.push(item);
      continue;
    }
    // An earlier send of this slot may have arrived: nothing is sent for it until that is
    // settled. Not for a PUT (the logo): sending it again replaces, it cannot add a second.
    if (!rules.replaces && openUnknown.some((entry) => entry.itemKey === item.key)) {
      blocked.push(item);
      continue;
    }
    // What Banqup holds in this slot with other content, or may hold: an earlier send of other
    // content whose outcome is unknown and that the person chose to send past ("resent").
    const others = [
      ...heldEntries.filter((entry) => entry.itemKey === item.key && entry.fingerprint !== item.fingerprint),
      ...entries.filter((entry) => entry.outcome === 'unknown' && entry.resolution === 'resent' && entry.itemKey === item.key && entry.fingerprint !== item.fingerprint),
    ];
    const keeps = others.map((entry) => (entry.outcome === 'unknown' ? `perhaps ${entry.label}` : entry.label));
    if (rules.replaces && heldEntries.length > 0) toSend.push({ item, kind: 'replace', keeps: [], keepIds: [] });
    else if (others.length > 0) toSend.push({ item, kind: 'second', keeps, keepIds: others.map((entry) => entry.id) });
    else toSend.push({ item, kind: 'new', keeps: [], keepIds: [] });
  }

  const held: HeldItem[] = heldEntries.map((entry) => ({
    ledgerId: entry.id,
    key: entry.itemKey,
    label: entry.label,
    remoteId: entry.remoteId,
    sentAt: entry.finishedAt ?? entry.startedAt,
    wanted: consumed.has(entry.id) || Boolean(rules.history),
    checked: entry.outcome === 'unknown',
  }));
  return {
    held,
    uncertain: entries
      .filter((entry) => entry.outcome === 'unknown' && entry.resolution !== 'present' && entry.resolution !== 'absent')
      .map((entry) => ({ ledgerId: entry.id, key: entry.itemKey, label: entry.label, sentAt: entry.startedAt, error: entry.error, resent: entry.resolution === 'resent' })),
    inFlight: entries.filter((entry) => entry.outcome === 'sending').map((entry) => ({ ledgerId: entry.id, label: entry.label })),
    upToDate,
    toSend,
    blocked,
    leftovers: held.filter((item) => !item.wanted),
  };
}

/**
 * What a send does beyond adding what is new, one sentence each: what the person must
 * confirm before it goes out. Empty when the send only adds new items (or replaces the logo).
 */
export function consequencesOf(step: number, holdings: StepHoldings): string[] {
  const seconds = holdings.toSend.filter((send) => send.kind === 'second');
  if (seconds.length === 0) return [];
  if (step === 4) {
    const before = holdings.held.length;
    return [
      `Creates ${seconds.length} new media at positions already taken (Banqup has no reorder or delete call); the ${before} sent before stay at Banqup.`,
    ];
  }
  return seconds.map((send) => {
    const kept = send.keeps.join(', ');
    if (step === 2) return `Adds a second ${send.item.label} text; Banqup keeps the ${send.item.label} text sent before, which no API call can change or remove.`;
    return `Adds ${send.item.label}; Banqup keeps ${kept}, which no API call can remove.`;
  });
}

/** A stable digest of what a confirmation covers: a changed plan needs a new confirmation. */
export function planDigest(step: number, holdings: StepHoldings): string {
  const parts = holdings.toSend
    .filter((send) => send.kind === 'second')
    .map((send) => `${send.item.key}=${send.item.fingerprint}:${send.keepIds.join(',')}`)
    .sort();
  // FNV-1a: a short, dependency-free digest, compared for equality only (not a secret).
  let hash = 0x811c9dc5;
  for (const char of `${step}|${parts.join('|')}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}


/** What a page shows of a step at Banqup: plain data, safe for the browser (no secret in it). */
export type AtBanqupView = {
  step: number;
  held: HeldItem[];
  uncertain: UncertainItem[];
  inFlight: { ledgerId: number; label: string }[];
  /** Labels of what a send would post now. */
  pending: string[];
  /** Labels held back because an earlier send of them may have arrived. */
  blocked: string[];
  /** What a send would do beyond adding what is new (needs a confirmation). */
  consequences: string[];
};

export function atBanqupView(step: number, holdings: StepHoldings): AtBanqupView {
  return {
    step,
    held: holdings.held,
    uncertain: holdings.uncertain,
    inFlight: holdings.inFlight,
    pending: holdings.toSend.map((send) => send.item.label),
    blocked: holdings.blocked.map((item) => item.label),
    consequences: consequencesOf(step, holdings),
  };
}
