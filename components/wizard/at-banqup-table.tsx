import type { AtBanqupView } from '@/lib/wizard/holdings';

const when = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');

export type AtBanqupRow = { step: number; key: string; label: string; state: string; tone: 'ok' | 'warn' | 'bad'; since: string; remoteId: string | null };

/** Every item Banqup holds or may hold, from the ledger, as rows: the step page's and the summary's view alike. */
export function atBanqupRows(views: AtBanqupView[]): AtBanqupRow[] {
  return views.flatMap((view) => [
    ...view.held.map((item) => ({
      step: view.step,
      key: `held-${item.ledgerId}`,
      label: item.label,
      state: item.wanted ? (item.checked ? 'Held (found at Banqup after an unknown outcome)' : 'Held') : 'Held, no longer wanted: left at Banqup, ask Support to remove',
      tone: item.wanted ? ('ok' as const) : ('bad' as const),
      since: item.sentAt,
      remoteId: item.remoteId,
    })),
    ...view.uncertain.map((item) => ({
      step: view.step,
      key: `uncertain-${item.ledgerId}`,
      label: item.label,
      state: item.resent ? 'May be at Banqup (sent again anyway after an unknown outcome)' : 'Outcome unknown: may have arrived at Banqup',
      tone: 'warn' as const,
      since: item.sentAt,
      remoteId: null,
    })),
    ...view.inFlight.map((item) => ({ step: view.step, key: `flight-${item.ledgerId}`, label: item.label, state: 'Being sent', tone: 'warn' as const, since: '', remoteId: null })),
  ]);
}

const TONES = {
  ok: 'text-emerald-800 dark:text-emerald-300',
  warn: 'text-orange-800 dark:text-orange-300',
  bad: 'text-red-800 dark:text-red-300',
};

// Under 640 px a row is a small card, each cell on a line of its own after its column's name
// (CSS generated content: the cells' text stays what it is). Five columns side by side left the
// item a few letters wide at 390 px. The explicit roles keep the table a table for assistive
// technology, which some browsers stop doing once a table's display changes.
const STACKED_CELL =
  'max-sm:flex max-sm:gap-3 max-sm:py-0.5 max-sm:pr-0 max-sm:before:w-20 max-sm:before:shrink-0 max-sm:before:font-medium max-sm:before:text-slate-600 max-sm:before:content-[attr(data-label)] dark:max-sm:before:text-slate-400';

/** A table of what Banqup holds. `stepTitle` adds a step column (the summary); without it, one step's rows. */
export function AtBanqupTable({ views, stepTitle, caption }: { views: AtBanqupView[]; stepTitle?: (step: number) => string; caption: string }) {
  const rows = atBanqupRows(views);
  if (rows.length === 0) return <p className="text-sm">Banqup holds nothing sent by this wizard {stepTitle ? 'for this registration' : 'for this step'} yet.</p>;
  return (
    <div className="sm:overflow-x-auto">
      <table role="table" className="w-full text-left text-sm max-sm:block">
        <caption className="sr-only">{caption}</caption>
        <thead role="rowgroup" className="max-sm:sr-only">
          <tr role="row" className="border-b border-slate-200 dark:border-slate-700">
            {stepTitle ? <th role="columnheader" scope="col" className="py-1 pr-3">Step</th> : null}
            <th role="columnheader" scope="col" className="py-1 pr-3">Item</th>
            <th role="columnheader" scope="col" className="py-1 pr-3">At Banqup</th>
            <th role="columnheader" scope="col" className="py-1 pr-3">Sent</th>
            <th role="columnheader" scope="col" className="py-1">Banqup id</th>
          </tr>
        </thead>
        <tbody role="rowgroup" className="max-sm:block">
          {rows.map((row) => (
            <tr role="row" key={row.key} className="border-b border-slate-100 align-top max-sm:block max-sm:py-2 dark:border-slate-800">
              {stepTitle ? <td role="cell" data-label="Step" className={`py-1 pr-3 ${STACKED_CELL}`}>{row.step}. {stepTitle(row.step)}</td> : null}
              <td role="cell" data-label="Item" className={`py-1 pr-3 break-all max-sm:[word-break:normal] max-sm:wrap-anywhere ${STACKED_CELL}`}>{row.label}</td>
              <td role="cell" data-label="At Banqup" className={`py-1 pr-3 font-medium ${TONES[row.tone]} ${STACKED_CELL}`}>{row.state}</td>
              <td role="cell" data-label="Sent" className={`py-1 pr-3 whitespace-nowrap ${STACKED_CELL}`}>{row.since ? when(row.since) : '—'}</td>
              <td role="cell" data-label="Banqup id" className={`py-1 ${STACKED_CELL}`}><code className="text-xs break-all">{row.remoteId ?? '—'}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
