import Link from 'next/link';
import type { ReviewComment } from '@/lib/registration/comments';
import { reviewFieldLabel } from '@/lib/registration/review-fields';
import type { ChangesSinceApproval } from '@/lib/registration/sign-off';
import { STEPS } from '@/lib/wizard/steps/meta';
import type { RegistrationView } from '@/lib/registration/summary';
import { counted } from '@/lib/text';
import { Checklist } from './summary-document';
import { ResolveCommentButton } from './review-panels';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const when = (date: Date) => `${dateTime.format(date)} UTC`;
const stepOf = (number: number) => STEPS.find((step) => step.number === number);

/** A step's page, from the summary: its Change links come back here (`?from=summary`). */
export const changeHref = (registrationId: string, slug: string) => `/registrations/${registrationId}/${slug}?from=summary`;

function Value({ text }: { text: string }) {
  return text === '' ? <span className="text-slate-600 italic dark:text-slate-400">Not answered</span> : <span className="break-words whitespace-pre-line">{text}</span>;
}

/** What changed since the last approval: field by field, what was approved and what it is now. */
function ChangesSince({ changes, registrationId, editable }: { changes: ChangesSinceApproval; registrationId: string; editable: boolean }) {
  let body: React.ReactNode;
  if (changes.kind === 'no-approval') body = <p className="text-sm">No approval yet: nothing to compare with.</p>;
  else if (changes.kind === 'not-kept') {
    body = (
      <p className="text-sm">
        The last approval ({changes.approval.reviewer}, {when(changes.approval.createdAt)}) was given before the wizard kept the answers an approval saw: it cannot
        show what changed since, only whether the approval is stale.
      </p>
    );
  } else if (changes.steps.length === 0) {
    body = (
      <p className="text-sm">
        None: the answers are as {changes.approval.reviewer} approved them on {when(changes.approval.createdAt)}.
      </p>
    );
  } else {
    const fields = changes.steps.reduce((sum, step) => sum + step.changes.length, 0);
    body = (
      <>
        <p className="text-sm">
          {counted(fields, 'answer')} changed in {counted(changes.steps.length, 'step')} since {changes.approval.reviewer} approved on {when(changes.approval.createdAt)}:
        </p>
        {changes.steps.map((step) => {
          const meta = stepOf(step.step);
          const title = meta ? `${meta.number}. ${meta.title}` : `Step ${step.step}`;
          return (
            <div key={step.step} className="space-y-1">
              <h4 className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm font-semibold">
                {title}
                {editable && meta ? (
                  <Link href={changeHref(registrationId, meta.slug)} prefetch={false} className="text-sm font-normal text-brand-700 underline dark:text-brand-100">
                    Change<span className="sr-only"> {meta.title.toLowerCase()}</span>
                  </Link>
                ) : null}
              </h4>
              <table className="w-full table-fixed text-left text-sm">
                <caption className="sr-only">Changed since the approval: {title}</caption>
                <thead className="max-sm:sr-only">
                  <tr className="border-b border-slate-200 dark:border-slate-700">
                    <th scope="col" className="w-1/4 py-1 pr-3 font-medium">Field</th>
                    <th scope="col" className="py-1 pr-3 font-medium">Approved</th>
                    <th scope="col" className="py-1 font-medium">Now</th>
                  </tr>
                </thead>
                <tbody>
                  {step.changes.map((change) => (
                    <tr key={change.key} className="border-b border-slate-100 align-top max-sm:block max-sm:py-1 dark:border-slate-800">
                      <th scope="row" className="py-1 pr-3 font-medium break-words max-sm:block">{change.label}</th>
                      <td className="py-1 pr-3 max-sm:block">
                        <span className="sm:sr-only">Approved: </span>
                        <del className="bg-red-50 text-red-900 no-underline decoration-red-700 dark:bg-red-950 dark:text-red-100">
                          <Value text={change.before} />
                        </del>
                      </td>
                      <td className="py-1 max-sm:block">
                        <span className="sm:sr-only">Now: </span>
                        <ins className="bg-emerald-50 text-emerald-950 no-underline dark:bg-emerald-950 dark:text-emerald-100">
                          <Value text={change.after} />
                        </ins>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        })}
      </>
    );
  }
  return (
    <section aria-labelledby="changes-title" className="space-y-2">
      <h3 id="changes-title" className="font-semibold">
        Changed since the last approval
      </h3>
      {body}
    </section>
  );
}

/** The reviewers' requests for changes not resolved yet, each on its step, with Mark resolved for editors. */
export function OpenComments({ comments, registrationId, canResolve, editable }: { comments: ReviewComment[]; registrationId: string; canResolve: boolean; editable: boolean }) {
  const open = comments.filter((comment) => comment.resolvedAt === null);
  if (open.length === 0) return null;
  return (
    <section aria-labelledby="open-requests-title" className="space-y-2">
      <h3 id="open-requests-title" className="font-semibold">
        Changes requested, not resolved yet ({open.length})
      </h3>
      <ul aria-labelledby="open-requests-title" className="space-y-2 text-sm">
        {open.map((comment) => {
          const meta = stepOf(comment.step);
          const field = reviewFieldLabel(comment.step, comment.field);
          return (
            <li key={comment.id} className="flex flex-wrap items-start justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
              <div className="min-w-0 flex-1">
                <p className="font-medium">
                  {meta ? (
                    editable ? (
                      <Link href={changeHref(registrationId, meta.slug)} prefetch={false} className="underline">
                        Step {meta.number}, {meta.title}
                      </Link>
                    ) : (
                      `Step ${meta.number}, ${meta.title}`
                    )
                  ) : (
                    `Step ${comment.step}`
                  )}
                  {field ? ` · ${field}` : ''}
                </p>
                <p className="break-words whitespace-pre-line">{comment.body}</p>
                <p className="text-xs">
                  {comment.author}, {when(comment.createdAt)}
                </p>
              </div>
              {canResolve ? <ResolveCommentButton registrationId={registrationId} commentId={comment.id} label={`Mark resolved: step ${comment.step}, ${comment.body.slice(0, 40)}`} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * The top of the summary: everything a reviewer decides on, before any detail. Readiness
 * (blockers first), what changed since the last approval (field by field), the requests for
 * changes still open, and for a reviewer the decision itself (`decide`), beside them on wide
 * screens.
 */
export function DecisionPanel({
  view,
  changes,
  comments,
  editable,
  canResolve,
  decide,
}: {
  view: RegistrationView;
  changes: ChangesSinceApproval;
  comments: ReviewComment[];
  /** Change links to the steps (not on a read-only review link). */
  editable: boolean;
  canResolve: boolean;
  /** The sign-off form, or what says who signs off. */
  decide?: React.ReactNode;
}) {
  return (
    <section aria-labelledby="decision-title" id="decision" className="space-y-4 rounded-lg border-2 border-brand-600/40 bg-white p-5 dark:border-brand-100/30 dark:bg-slate-900">
      <h2 id="decision-title" className="text-lg font-semibold">
        Decision
      </h2>
      <div className={decide ? 'grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]' : ''}>
        <div className="min-w-0 space-y-5 lg:col-start-1 lg:row-start-1">
          <Checklist view={view} editable={editable} />
          <ChangesSince changes={changes} registrationId={view.registration.id} editable={editable} />
          <OpenComments comments={comments} registrationId={view.registration.id} canResolve={canResolve} editable={editable} />
        </div>
        {/* Beside what it decides on from 1024 px (in the first screenful); after it on narrower screens. */}
        {decide ? <div className="min-w-0 border-t border-slate-200 pt-4 lg:col-start-2 lg:row-start-1 lg:border-t-0 lg:border-l lg:pt-0 lg:pl-6 dark:border-slate-800">{decide}</div> : null}
      </div>
    </section>
  );
}
