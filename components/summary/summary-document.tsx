import Link from 'next/link';
import type { ReadinessItem } from '@/lib/registration/readiness';
import { STEPS, stepTitle } from '@/lib/wizard/steps/meta';
import { REGISTRATION_STATUS_LABELS } from '@/lib/registration/statuses';
import type { RegistrationView } from '@/lib/registration/summary';
import { STEP_STATE_LABELS } from '@/lib/wizard/status';
import { AtBanqupTable } from '@/components/wizard/at-banqup-table';
import { counted } from '@/lib/text';
import type { ReviewComment } from '@/lib/registration/comments';
import { reviewFieldLabel } from '@/lib/registration/review-fields';
import { STEP_SUMMARIES } from '@/lib/wizard/steps/summaries';
import type { FormStep } from '@/lib/wizard/steps';
import { when } from './facts';

const LEVEL_STYLES: Record<ReadinessItem['level'], { icon: string; label: string; classes: string }> = {
  ok: { icon: '✓', label: 'Done', classes: 'text-emerald-700 dark:text-emerald-400' },
  warning: { icon: '!', label: 'Warning', classes: 'text-amber-700 dark:text-amber-300' },
  error: { icon: '✗', label: 'To do', classes: 'text-red-700 dark:text-red-400' },
};

// NOTE: the summary's links to the steps do not prefetch (prefetch={false}): a summary lists
// them all, and prefetching each one rendered every step page on the server whenever the
// summary was opened, while a reviewer reads and while Send everything runs.
function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    // NOTE: in print the sections follow one another (no page each: that made 8 pages of a
    // typical registration); a step's answers are kept on one page where they fit.
    <section aria-labelledby={`${id}-title`} className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 print:space-y-2 print:border-0 print:p-0 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={`${id}-title`} className="text-lg font-semibold print:break-after-avoid">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Where a Change link leads: the step's page, which comes back to the summary after a send. */
const changeHref = (registrationId: string, slug: string) => `/registrations/${registrationId}/${slug}?from=summary`;

/** One step's answers: its title, a Change link, the answers, its state and what Banqup holds of it. */
function StepAnswers({ view, step, editable }: { view: RegistrationView; step: FormStep; editable: boolean }) {
  const meta = STEPS.find((s) => s.number === step);
  const Answers = STEP_SUMMARIES[step];
  if (!meta) return null;
  return (
    <div className="space-y-2 break-inside-avoid border-t border-slate-100 pt-3 first:border-t-0 first:pt-0 print:space-y-1 print:pt-1 dark:border-slate-800">
      <div className="flex items-baseline justify-between gap-4">
        <h3 className="font-semibold">
          {meta.number}. {meta.title}
        </h3>
        {editable ? (
          <Link href={changeHref(view.registration.id, meta.slug)} prefetch={false} className="text-sm text-brand-700 underline print:hidden dark:text-brand-100">
            Change<span className="sr-only"> {meta.title.toLowerCase()}</span>
          </Link>
        ) : null}
      </div>
      <Answers view={view} />
      <StepState view={view} step={step} />
    </div>
  );
}

/** The step's state and, beside its answers, what Banqup holds of it (the At Banqup table has the detail). */
function StepState({ view, step }: { view: RegistrationView; step: number }) {
  const record = view.steps[step];
  if (!record) return null;
  const held = view.atBanqup.find((item) => item.step === step);
  const heldNow = held?.held.filter((item) => item.wanted).length ?? 0;
  const unwanted = held ? held.held.length - heldNow : 0;
  const unknown = held?.uncertain.length ?? 0;
  const atBanqup = [
    heldNow ? `${counted(heldNow, 'item')} held` : '',
    unwanted ? `${counted(unwanted, 'item')} no longer wanted` : '',
    unknown ? `${counted(unknown, 'outcome')} unknown` : '',
  ].filter(Boolean);
  return (
    <p className="text-xs text-slate-600 dark:text-slate-400">
      {STEP_STATE_LABELS[record.state]}
      {record.sentAt ? ` · last sent ${when(record.sentAt)}` : ''}
      {record.savedAt ? ` · draft saved ${when(record.savedAt)}` : ''}
      {step !== 1 ? ` · at Banqup: ${atBanqup.length ? atBanqup.join(', ') : 'nothing yet'}` : ''}
      {record.message && (record.state === 'failed' || record.state === 'changed' || record.state === 'sending') ? ` · ${record.message}` : ''}
    </p>
  );
}

function ChecklistItem({ item, registrationId, editable }: { item: ReadinessItem; registrationId: string; editable: boolean }) {
  const style = LEVEL_STYLES[item.level];
  const step = STEPS.find((s) => s.number === item.step);
  return (
    <li className="flex gap-2">
      <span aria-hidden className={`w-4 shrink-0 text-center font-bold ${style.classes}`}>
        {style.icon}
      </span>
      <span className="min-w-0 break-words">
        <span className="sr-only">{style.label}: </span>
        {editable && item.level !== 'ok' && step ? (
          <Link href={`/registrations/${registrationId}/${step.slug}?from=summary`} prefetch={false} className="underline">
            {item.label}
          </Link>
        ) : (
          item.label
        )}
        {item.detail ? <span className="text-slate-600 dark:text-slate-400"> — {item.detail}</span> : null}
      </span>
    </li>
  );
}

/** Readiness, blockers first, then warnings; what passes folded away under one line. */
export function Checklist({ view, editable }: { view: RegistrationView; editable: boolean }) {
  const errors = view.checklist.filter((item) => item.level === 'error');
  const warnings = view.checklist.filter((item) => item.level === 'warning');
  const passed = view.checklist.filter((item) => item.level === 'ok');
  const id = view.registration.id;
  return (
    <section aria-labelledby="readiness-title" className="space-y-2">
      <h3 id="readiness-title" className="font-semibold">
        Readiness
      </h3>
      <p className={`font-medium ${view.ready ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}>
        {view.ready ? 'Ready for Banqup' : `Not ready: ${counted(errors.length, 'item')} to do`}
        {warnings.length ? <span className="font-normal text-amber-700 dark:text-amber-300"> · {counted(warnings.length, 'warning')}</span> : null}
      </p>
      {errors.length + warnings.length ? (
        <ul aria-label="Readiness checklist" className="space-y-1.5 text-sm">
          {[...errors, ...warnings].map((item) => (
            <ChecklistItem key={item.id} item={item} registrationId={id} editable={editable} />
          ))}
        </ul>
      ) : null}
      {passed.length ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-700 dark:text-slate-300">{counted(passed.length, 'check passes', 'checks pass')}: show them</summary>
          <ul aria-label="Checks that pass" className="mt-1.5 space-y-1.5">
            {passed.map((item) => (
              <ChecklistItem key={item.id} item={item} registrationId={id} editable={editable} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/**
 * The whole registration, read top to bottom: the answers by step (what was and will be sent to
 * Banqup, each with its Change link), what Banqup holds, the sign-offs and their comments, and
 * the technical detail (the journal of API calls) folded away.
 */
export function SummaryDocument({
  view,
  editable,
  comments = [],
  journalOpen = false,
}: {
  view: RegistrationView;
  editable: boolean;
  /** The reviewers' comments, shown with the sign-offs that made them. */
  comments?: ReviewComment[];
  /** The journal unfolded: a page of older calls was asked for. */
  journalOpen?: boolean;
}) {
  const commentsOf = (signOffId: string) => comments.filter((comment) => comment.signOffId === signOffId);
  return (
    <div className="space-y-6">
      <Section id="identity" title="Identity">
        <StepAnswers view={view} step={1} editable={editable} />
      </Section>

      <Section id="listing" title="Store listing">
        <StepAnswers view={view} step={2} editable={editable} />
        <StepAnswers view={view} step={3} editable={editable} />
        <StepAnswers view={view} step={4} editable={editable} />
      </Section>

      <Section id="targeting" title="Targeting">
        <StepAnswers view={view} step={5} editable={editable} />
        <StepAnswers view={view} step={6} editable={editable} />
        <StepAnswers view={view} step={7} editable={editable} />
        <StepAnswers view={view} step={8} editable={editable} />
      </Section>

      <Section id="version" title="Version and manifest">
        <StepAnswers view={view} step={9} editable={editable} />
      </Section>

      <Section id="at-banqup" title="At Banqup">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          What Banqup holds for this registration, from the wizard’s ledger of every call and its outcome: not what the draft wants. Banqup’s API has no
          delete, update or reorder call, so an item sent stays there; items no longer wanted and calls whose outcome is unknown are listed, and the
          readiness checklist counts them.
        </p>
        <AtBanqupTable views={view.atBanqup} caption="What Banqup holds" stepTitle={stepTitle} />
      </Section>

      <Section id="history" title="Sign-offs and status">
        {view.signOffs.length === 0 ? <p className="text-sm">No sign-off yet.</p> : null}
        <ul aria-label="Sign-offs" className="space-y-2 text-sm">
          {view.signOffs.map((signOff) => (
            <li key={signOff.id} className="rounded-md border border-slate-200 p-3 break-words dark:border-slate-700">
              <p>
                <strong>{signOff.decision === 'approved' ? 'Approved' : 'Changes requested'}</strong> by {signOff.reviewer}
                {signOff.reviewerVerified ? ' (signed in)' : ''} on {when(signOff.createdAt)}
                {signOff.decision === 'approved' && signOff.stale ? (
                  <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">Stale: changed since</span>
                ) : null}
              </p>
              {signOff.comment ? <p className="mt-1 whitespace-pre-line text-slate-700 dark:text-slate-300">{signOff.comment}</p> : null}
              {commentsOf(signOff.id).map((comment) => (
                <p key={comment.id} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  On step {comment.step}, {stepTitle(comment.step)}
                  {reviewFieldLabel(comment.step, comment.field) ? ` · ${reviewFieldLabel(comment.step, comment.field)}` : ''}
                  {comment.resolvedAt ? ` · resolved by ${comment.resolvedBy ?? 'someone'} on ${when(comment.resolvedAt)}` : ' · not resolved yet'}
                </p>
              ))}
            </li>
          ))}
        </ul>
        {view.events.length ? (
          <ol aria-label="Status history" className="space-y-1 text-sm">
            {view.events.map((event) => (
              <li key={event.id}>
                {when(event.createdAt)}: {REGISTRATION_STATUS_LABELS[event.status]}
                {event.actor ? ` by ${event.actor}` : ''}
                {event.note ? ` — ${event.note}` : ''}
              </li>
            ))}
          </ol>
        ) : null}
      </Section>

      <Section id="journal" title="Journal of API calls">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Technical detail: every call made to Banqup for this registration, newest first, with what Banqup answered, secrets redacted
          {view.journal.length < view.journalTotal ? ` (${view.journal.length} shown of ${view.journalTotal}; the JSON export has them all)` : ''}.
        </p>
        {view.journal.length === 0 ? (
          <p className="text-sm">{view.journalTotal ? 'No older call.' : 'No call yet.'}</p>
        ) : (
          <details id="journal-calls" open={journalOpen} className="text-sm">
            <summary className="cursor-pointer font-medium text-brand-700 dark:text-brand-100">Show the journal: {counted(view.journal.length, 'call')}</summary>
            <ol aria-label="API calls" className="mt-2 space-y-1">
              {view.journal.map((call) => (
                <li key={call.id}>
                  <details className="rounded border border-slate-200 px-3 py-1.5 dark:border-slate-700">
                    <summary className="cursor-pointer">
                      <span className={call.status !== null && call.status < 400 ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}>{call.status ?? 'no answer'}</span>{' '}
                      <code>{call.method}</code> <code className="break-all">{call.path}</code> · {call.durationMs} ms · attempt {call.attempt} · {when(call.createdAt)}
                      {call.actor ? ` · by ${call.actor}` : ''}
                    </summary>
                    <div className="mt-2 grid gap-2 md:grid-cols-2">
                      <div className="min-w-0">
                        <p className="text-xs font-semibold">Request</p>
                        <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">{JSON.stringify(call.request, null, 2)}</pre>
                      </div>
                      <div className="min-w-0">
                        <p className="text-xs font-semibold">Response{call.requestId ? ` (request id ${call.requestId})` : ''}</p>
                        <pre className="max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">{call.error ? `${call.error}\n` : ''}{JSON.stringify(call.response, null, 2)}</pre>
                      </div>
                    </div>
                  </details>
                </li>
              ))}
            </ol>
          </details>
        )}
        {view.journal.length > 0 && view.journal.at(-1) && view.journalTotal > view.journal.length ? (
          <p className="text-sm print:hidden">
            <a className="underline" href={`?journalBefore=${view.journal.at(-1)?.id}#journal-title`}>
              Older calls
            </a>
            {' · '}
            <a className="underline" href="?#journal-title">
              Newest
            </a>
          </p>
        ) : null}
      </Section>
    </div>
  );
}
