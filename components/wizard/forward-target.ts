import { STEPS } from '@/lib/wizard/steps/meta';

/**
 * Where a step's primary action leads: the next step, the summary after step 9, or back to the
 * summary when the page was opened from its Change links (`?from=summary`). Plain data: the
 * step page works it out on the server (app/registrations/[id]/[step]/page.tsx).
 */

/** `?from=summary`: only that literal value counts (a list, another value or none is the ordinary way on). */
export function fromSummary(searchParams: Record<string, string | string[] | undefined>): boolean {
  return searchParams.from === 'summary';
}

export function forwardOf(registrationId: string, step: number, toSummary: boolean): { href: string; toSummary: boolean } {
  const next = STEPS.find((s) => s.number === step + 1 && s.number <= 9);
  const summary = `/registrations/${registrationId}/summary`;
  return { href: toSummary || !next ? summary : `/registrations/${registrationId}/${next.slug}`, toSummary };
}

/**
 * What the primary action of a step says, and whether it sends: GOV.UK's "Save and continue".
 * With something to send it sends and moves on; with nothing new (sent, and unchanged since)
 * it only moves on; after failed calls it retries them (and moves on once they went through).
 */
export function primaryAction({
  forward,
  state,
  changedHere,
  failedCalls,
  sendLabel,
}: {
  /** Where it leads: null outside a step page (it then only sends). */
  forward: { toSummary: boolean } | null;
  /** The step's status in the step list. */
  state: string | undefined;
  /** Typed here and not saved yet, or not saved at all (a failed save, a conflict). */
  changedHere: boolean;
  /** The last send left calls that failed (and that Send would make again). */
  failedCalls: boolean;
  sendLabel: string;
}): { label: string; sends: boolean } {
  if (!forward) return { label: sendLabel, sends: true };
  if (failedCalls || (state === 'failed' && !changedHere)) return { label: 'Retry failed calls', sends: true };
  // Banqup holds everything the saved draft says (or more): nothing to send.
  if (!changedHere && (state === 'sent' || state === 'extra')) return { label: forward.toSummary ? 'Return to the summary' : 'Continue', sends: false };
  return { label: forward.toSummary ? 'Send and return to the summary' : 'Send and continue', sends: true };
}
