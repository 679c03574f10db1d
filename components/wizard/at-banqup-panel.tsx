'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import type { AtBanqupView } from '@/lib/wizard/holdings';
import { AtBanqupTable } from './at-banqup-table';

/**
 * What Banqup holds for this step (from the ledger), on the step's page: items no longer
 * wanted, and calls whose outcome is unknown with the two ways to settle them.
 */
export function AtBanqupPanel({
  view,
  onCheck,
  checking,
  onResendAnyway,
  busy,
}: {
  view: AtBanqupView;
  onCheck: () => void;
  checking: boolean;
  onResendAnyway: (ledgerId: number) => void;
  busy: boolean;
}) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const open = view.uncertain.filter((item) => !item.resent);
  const leftovers = view.held.filter((item) => !item.wanted);
  const empty = view.held.length === 0 && view.uncertain.length === 0 && view.inFlight.length === 0;
  return (
    <section aria-labelledby="at-banqup-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="at-banqup-title" className="font-semibold">
        At Banqup
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        What Banqup holds for this step, from the wizard’s record of every call and its answer. Banqup’s API has no delete, update or reorder call: what it
        holds stays.
      </p>
      {open.length ? (
        <div className="space-y-2 rounded-md border border-orange-300 bg-orange-50 p-3 text-sm text-orange-950 dark:border-orange-800 dark:bg-orange-950 dark:text-orange-100">
          <p className="font-semibold">Outcome unknown: {open.length === 1 ? 'this call' : 'these calls'} may have arrived at Banqup</p>
          <p>
            No success came back, but Banqup may have carried {open.length === 1 ? 'it' : 'them'} out. {open.length === 1 ? 'It is' : 'They are'} not sent again by
            Send. Check at Banqup, or send again anyway.
          </p>
          <ul className="space-y-2">
            {open.map((item) => (
              <li key={item.ledgerId} className="space-y-2">
                <p>
                  <span className="font-medium">{item.label}</span>: may have arrived at Banqup{item.error ? ` (${item.error})` : ''}
                </p>
                {confirming === item.ledgerId ? (
                  <div role="alert" className="space-y-2 rounded border border-orange-400 bg-white p-3 dark:bg-slate-900">
                    <p>
                      If the first call arrived, Banqup will hold <strong>{item.label}</strong> twice, and no API call can remove either: only Banqup Support
                      can. Send it again anyway?
                    </p>
                    <div className="flex flex-wrap gap-2">
                      <Button
                        type="button"
                        onClick={() => {
                          setConfirming(null);
                          onResendAnyway(item.ledgerId);
                        }}
                        disabled={busy}
                      >
                        Yes, send {item.label} again
                      </Button>
                      <Button type="button" variant="secondary" onClick={() => setConfirming(null)}>
                        Cancel
                      </Button>
                    </div>
                  </div>
                ) : (
                  <Button type="button" variant="secondary" onClick={() => setConfirming(item.ledgerId)} disabled={busy}>
                    Send {item.label} again anyway…
                  </Button>
                )}
              </li>
            ))}
          </ul>
          <Button type="button" onClick={onCheck} disabled={checking || busy}>
            {checking ? 'Checking…' : 'Check at Banqup'}
          </Button>
        </div>
      ) : null}
      {leftovers.length ? (
        <p role="note" className="rounded-md bg-red-50 p-3 text-sm text-red-950 dark:bg-red-950 dark:text-red-100">
          Left at Banqup: <strong>{leftovers.map((item) => item.label).join(', ')}</strong>, no longer in this step. No API call can remove{' '}
          {leftovers.length > 1 ? 'them' : 'it'}: ask Banqup Support to remove {leftovers.length > 1 ? 'them' : 'it'}.
        </p>
      ) : null}
      {empty ? <p className="text-sm">Nothing sent for this step yet.</p> : <AtBanqupTable views={[view]} caption="What Banqup holds for this step" />}
      {view.pending.length ? <p className="text-sm">Send adds: {view.pending.join(', ')}.</p> : null}
    </section>
  );
}
