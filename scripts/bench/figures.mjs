/** The autosave figures, printed the same way for PGlite and PostgreSQL. */
import { ms } from './report.mjs';

export function autosave(figure, section, driver, saves, budget) {
  section(`Autosave, ${driver} (${saves.calls} of each, sent from Node replaying the browser's own request, interleaved in blocks of 20)`);
  figure({
    name: `CPU per autosave (update of an existing draft), ${driver}`,
    value: ms(saves.cpuPerCall.autosave),
    reference: `no-op action ${ms(saves.cpuPerCall.noop)}`,
    ratio: saves.cpuPerCall.autosave / saves.cpuPerCall.noop,
    budget,
    note: `latency medians ${ms(saves.latency.autosave)} vs ${ms(saves.latency.noop)}`,
  });
  const c = saves.concurrent;
  figure({ name: `50 concurrent updates of 50 existing drafts, ${driver}: p50 / p95`, value: `${ms(c.p50)} / ${ms(c.p95)}`, note: `${c.saved} of ${c.count} saved` });
  figure({ name: `concurrent updates saved, ${driver}`, value: `${c.saved} of ${c.count}`, equals: { actual: c.saved, expected: c.count } });
  const k = saves.contested;
  figure({ name: `50 saves of one draft from one revision, ${driver}`, value: `${k.winners} saved, ${k.told} told of the conflict`, equals: { actual: `${k.winners}/${k.told}`, expected: '1/49' } });
  figure({ name: `lost updates, ${driver}`, value: String(c.lost + k.lost), equals: { actual: c.lost + k.lost, expected: 0 } });
}
