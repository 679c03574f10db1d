import { describe, expect, it } from 'vitest';
import { consequencesOf, holdingsFor, planDigest, type LedgerEntry } from './holdings';
import { settle } from './settle';

let nextId = 1;
const entry = (step: number, itemKey: string, fingerprint: string, outcome: LedgerEntry['outcome'], extra: Partial<LedgerEntry> = {}): LedgerEntry => ({
  id: nextId++,
  step,
  itemKey,
  label: itemKey.split(':')[1] ?? itemKey,
  fingerprint,
  match: {},
  outcome,
  resolution: null,
  remoteId: null,
  error: null,
  startedAt: '2026-11-27T10:00:00.000Z',
  finishedAt: '2026-11-27T10:00:01.000Z',
  ...extra,
});
const want = (key: string, fingerprint: string) => ({ key, label: key.split(':')[1] ?? key, fingerprint });

describe('what Banqup holds, from the ledger', () => {
  it('sends only what Banqup does not hold; a refused item is sent again', () => {
    const ledger = [entry(8, 'location:BE', 'be', 'accepted'), entry(8, 'location:NL', 'nl', 'refused')];
    const holdings = holdingsFor(8, [want('location:BE', 'be'), want('location:NL', 'nl')], ledger);
    expect(holdings.upToDate.map((item) => item.key)).toEqual(['location:BE']);
    expect(holdings.toSend.map((send) => [send.item.key, send.kind])).toEqual([['location:NL', 'new']]);
    expect(consequencesOf(8, holdings)).toEqual([]);
  });

  it('never plans an item whose earlier send may have arrived, until it is settled or resent on purpose', () => {
    const unknown = entry(8, 'location:BE', 'be', 'unknown');
    expect(holdingsFor(8, [want('location:BE', 'be')], [unknown])).toMatchObject({ toSend: [], blocked: [{ key: 'location:BE' }] });
    expect(holdingsFor(8, [want('location:BE', 'be')], [{ ...unknown, resolution: 'absent' }]).toSend).toHaveLength(1);
    expect(holdingsFor(8, [want('location:BE', 'be')], [{ ...unknown, resolution: 'present' }]).upToDate).toHaveLength(1);
    const resent = holdingsFor(8, [want('location:BE', 'be')], [{ ...unknown, resolution: 'resent' }]);
    expect(resent.toSend).toHaveLength(1);
    expect(resent.uncertain).toEqual([expect.objectContaining({ resent: true })]);
  });

  it('an item in flight is neither sent again nor forgotten', () => {
    const holdings = holdingsFor(8, [want('location:BE', 'be')], [entry(8, 'location:BE', 'be', 'sending')]);
    expect(holdings.inFlight).toHaveLength(1);
    expect(holdings.toSend).toHaveLength(1); // the claim, not the plan, keeps a second send out while it runs
  });

  it('marks what the draft no longer wants as left at Banqup; versions are history, the logo is replaced', () => {
    const countries = holdingsFor(8, [want('location:BE', 'be')], [entry(8, 'location:BE', 'be', 'accepted'), entry(8, 'location:NL', 'nl', 'accepted')]);
    expect(countries.leftovers.map((item) => item.key)).toEqual(['location:NL']);
    const versions = holdingsFor(9, [want('version:1.1.0', 'b')], [entry(9, 'version:1.0.0', 'a', 'accepted')]);
    expect(versions.leftovers).toEqual([]);
    const logo = holdingsFor(3, [want('logo', 'new')], [entry(3, 'logo', 'old', 'accepted')]);
    expect(logo.toSend.map((send) => send.kind)).toEqual(['replace']);
    expect(consequencesOf(3, logo)).toEqual([]);
  });

  it('a duplicate at Banqup is one held item wanted and one left over', () => {
    const holdings = holdingsFor(8, [want('location:BE', 'be')], [entry(8, 'location:BE', 'be', 'accepted'), entry(8, 'location:BE', 'be', 'accepted')]);
    expect(holdings.held.map((item) => item.wanted)).toEqual([true, false]);
  });

  it('a reorder of sent media is new media at taken positions, confirmed as such', () => {
    const ledger = [entry(4, 'media:1', 'a1', 'accepted'), entry(4, 'media:2', 'b2', 'accepted'), entry(4, 'media:3', 'c3', 'accepted')];
    const holdings = holdingsFor(4, [want('media:1', 'b1'), want('media:2', 'a2'), want('media:3', 'c3')], ledger);
    expect(holdings.toSend.map((send) => send.kind)).toEqual(['second', 'second']);
    expect(consequencesOf(4, holdings)).toEqual([
      'Creates 2 new media at positions already taken (Banqup has no reorder or delete call); the 3 sent before stay at Banqup.',
    ]);
  });

  it('the confirmation digest changes with the plan', () => {
    const ledger = [entry(7, 'brand', 'banqup', 'accepted', { label: 'Banqup' })];
    const a = planDigest(7, holdingsFor(7, [want('brand', 'jefacture')], ledger));
    const b = planDigest(7, holdingsFor(7, [want('brand', 'all')], ledger));
    expect(a).not.toBe(b);
    expect(a).toBe(planDigest(7, holdingsFor(7, [want('brand', 'jefacture')], ledger)));
  });
});

describe('settling unknown outcomes from a read of the application', () => {
  it('found when Banqup holds more of the item than the ledger knows; absent otherwise', () => {
    const ledger = [
      entry(8, 'location:BE', 'be', 'accepted', { match: { countryCode: 'BE' } }),
      entry(8, 'location:BE', 'be', 'unknown', { match: { countryCode: 'BE' } }),
      entry(8, 'location:NL', 'nl', 'unknown', { match: { countryCode: 'NL' } }),
    ];
    const read = { locations: [{ id: 'x', countryCode: 'BE' }, { id: 'y', countryCode: 'BE' }] };
    const { settled, undetermined } = settle(ledger, read);
    expect(settled.map((item) => item.resolution)).toEqual(['present', 'absent']);
    expect(undetermined).toEqual([]);
    // Only one BE at Banqup: the unknown one did not arrive.
    expect(settle(ledger, { locations: [{ countryCode: 'BE' }] }).settled[0]?.resolution).toBe('absent');
  });

  it('cannot tell when the read has no such collection or fields', () => {
    const ledger = [entry(4, 'media:1', 'a', 'unknown', { match: { displayOrder: 1, sha256: 'aa' } })];
    expect(settle(ledger, {}).undetermined).toHaveLength(1);
    expect(settle(ledger, { medias: [{ something: 'else' }] }).undetermined).toHaveLength(1);
    expect(settle(ledger, { medias: [{ id: 'm1', displayOrder: 1, sha256: 'aa' }] }).settled).toEqual([{ ledgerId: ledger[0]?.id, resolution: 'present', remoteId: 'm1' }]);
  });
});

describe('after the review of the ledger', () => {
  it('a logo (PUT) whose outcome is unknown is not blocked: sending it again replaces', () => {
    const holdings = holdingsFor(3, [want('logo', 'l1')], [entry(3, 'logo', 'l1', 'unknown')]);
    expect(holdings.blocked).toEqual([]);
    expect(holdings.toSend.map((send) => send.item.key)).toEqual(['logo']);
  });

  it('other content sent past an unknown outcome is confirmed as such: Banqup may keep the first', () => {
    const ledger = [entry(7, 'brand', 'banqup', 'unknown', { label: 'Banqup', resolution: 'resent' })];
    const holdings = holdingsFor(7, [want('brand', 'jefacture')], ledger);
    expect(holdings.toSend.map((send) => [send.kind, send.keeps])).toEqual([['second', ['perhaps Banqup']]]);
    expect(consequencesOf(7, holdings)).toEqual(['Adds brand; Banqup keeps perhaps Banqup, which no API call can remove.']);
  });

  it('the confirmation digest covers what Banqup keeps: a send in between changes it', () => {
    const before = [entry(7, 'brand', 'banqup', 'accepted', { label: 'Banqup' })];
    const after = [...before, entry(7, 'brand', 'all', 'accepted', { label: 'ALL' })];
    expect(planDigest(7, holdingsFor(7, [want('brand', 'jefacture')], before))).not.toBe(planDigest(7, holdingsFor(7, [want('brand', 'jefacture')], after)));
  });

  it('settling needs every compared field in the read; one sent again anyway can still be settled', () => {
    const textA = entry(2, 'locale:en-GB', 'a', 'accepted', { match: { locale: 'en-GB', displayName: 'A', description: 'x' } });
    const textB = entry(2, 'locale:en-GB', 'b', 'unknown', { match: { locale: 'en-GB', displayName: 'A', description: 'y' } });
    // The read leaves description out: A and B cannot be told apart.
    expect(settle([textA, textB], { infoLocalizations: [{ locale: 'en-GB', displayName: 'A' }] }).undetermined).toHaveLength(1);
    const resent = entry(8, 'location:BE', 'be', 'unknown', { match: { countryCode: 'BE' }, resolution: 'resent' });
    const again = entry(8, 'location:BE', 'be', 'accepted', { match: { countryCode: 'BE' } });
    expect(settle([resent, again], { locations: [{ countryCode: 'BE' }, { countryCode: 'BE' }] }).settled).toEqual([{ ledgerId: resent.id, resolution: 'present', remoteId: null }]);
    expect(settle([resent, again], { locations: [{ countryCode: 'BE' }] }).settled).toEqual([{ ledgerId: resent.id, resolution: 'absent', remoteId: null }]);
  });
});
