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

/** A table of what Banqup holds. `stepTitle` adds a step column (the summary); without it, one step's rows. */
export function AtBanqupTable({ views, stepTitle, caption }: { views: AtBanqupView[]; stepTitle?: (step: number) => string; caption: string }) {
  const rows = atBanqupRows(views);
  if (rows.length === 0) return <p className="text-sm">Banqup holds nothing sent by this wizard {stepTitle ? 'for this registration' : 'for this step'} yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 dark:border-slate-700">
            {stepTitle ? <th scope="col" className="py-1 pr-3">Step</th> : null}
            <th scope="col" className="py-1 pr-3">Item</th>
            <th scope="col" className="py-1 pr-3">At Banqup</th>
            <th scope="col" className="py-1 pr-3">Sent</th>
            <th scope="col" className="py-1">Banqup id</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className="border-b border-slate-100 align-top dark:border-slate-800">
              {stepTitle ? <td className="py-1 pr-3">{row.step}. {stepTitle(row.step)}</td> : null}
              <td className="py-1 pr-3 break-all">{row.label}</td>
              <td className={`py-1 pr-3 font-medium ${TONES[row.tone]}`}>{row.state}</td>
              <td className="py-1 pr-3 whitespace-nowrap">{row.since ? when(row.since) : '—'}</td>
              <td className="py-1"><code className="text-xs break-all">{row.remoteId ?? '—'}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
