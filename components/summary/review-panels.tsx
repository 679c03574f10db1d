'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from '@/components/ui/toast';
import { createReviewLinkAction, resolveComment, revokeReviewLinkAction, revokeReviewLinksAction, signOff } from '@/lib/registration/review-actions';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/wizard/fields';
import { REVIEW_FIELDS, REVIEWABLE_STEPS } from '@/lib/registration/review-fields';
import { STEPS } from '@/lib/wizard/steps/meta';
import { counted } from '@/lib/text';

export function PrintButton() {
  return (
    <Button type="button" variant="secondary" onClick={() => window.print()} className="print:hidden">
      Print
    </Button>
  );
}

/**
 * Approve or request changes, with a comment: the decision panel's form. Signed in, the
 * sign-off is the person's own (`signedInAs`); in local mode a name is typed. A request for
 * changes can point at a step and one of its fields: the comment then shows on that step's
 * page and in the step list until it is resolved. `approveBlocked` says why this person may
 * not approve (four eyes): they may still request changes.
 */
export function SignOffPanel({ registrationId, signedInAs, approveBlocked }: { registrationId: string; signedInAs?: string; approveBlocked?: string }) {
  const trustedName = signedInAs !== undefined;
  const router = useRouter();
  const [reviewer, setReviewer] = useState('');
  const [comment, setComment] = useState('');
  const [step, setStep] = useState('');
  const [field, setField] = useState('');
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const mutation = useMutation({
    mutationFn: (decision: 'approved' | 'changes_requested') =>
      signOff({
        registrationId,
        decision,
        comment,
        reviewer: trustedName ? undefined : reviewer,
        ...(decision === 'changes_requested' && step ? { step: Number(step), field: field || undefined } : {}),
      }),
    onSuccess: (result) => {
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        toast.error(result.message);
        return;
      }
      setErrors({});
      setComment('');
      setStep('');
      setField('');
      toast.success(result.message);
      router.refresh();
    },
    onError: () => toast.error('No connection to the server: the sign-off was not recorded.'),
  });
  const fields = step ? (REVIEW_FIELDS[Number(step)] ?? []) : [];
  return (
    // No heading of its own (the decision panel's says it): the buttons stay in the first screenful.
    <section aria-label="Sign off" className="space-y-3 print:hidden">
      {!trustedName ? (
        <div>
          <label htmlFor="reviewer" className="text-sm font-medium">
            Your name
          </label>
          <input id="reviewer" value={reviewer} onChange={(e) => setReviewer(e.target.value)} aria-describedby="reviewer-error" aria-invalid={errors.reviewer ? true : undefined} className={inputClasses} autoComplete="name" />
          <p id="reviewer-error" aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
            {errors.reviewer?.join(' ')}
          </p>
        </div>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          You sign off as <strong>{signedInAs}</strong>, the name your sign-in gives.
        </p>
      )}
      <div>
        <label htmlFor="comment" className="text-sm font-medium">
          Comment
        </label>
        <textarea id="comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={2} aria-describedby="comment-error" aria-invalid={errors.comment ? true : undefined} className={inputClasses} />
        <p id="comment-error" aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
          {errors.comment?.join(' ')}
        </p>
      </div>
      <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-1">
        <div>
          <label htmlFor="review-step" className="text-sm font-medium">
            Step to change
          </label>
          <select
            id="review-step"
            value={step}
            onChange={(e) => {
              setStep(e.target.value);
              setField('');
            }}
            aria-describedby="review-step-hint"
            className={inputClasses}
          >
            <option value="">No particular step</option>
            {STEPS.filter((item) => (REVIEWABLE_STEPS as readonly number[]).includes(item.number)).map((item) => (
              <option key={item.number} value={item.number}>
                {item.number}. {item.title}
              </option>
            ))}
          </select>
          <p id="review-step-hint" className="text-xs text-slate-600 empty:hidden dark:text-slate-400">
            {step ? 'Request changes leaves the comment on that step until it is resolved.' : ''}
          </p>
        </div>
        {fields.length > 1 ? (
          <div>
            <label htmlFor="review-field" className="text-sm font-medium">
              Field <span className="font-normal text-slate-600 dark:text-slate-400">(optional)</span>
            </label>
            <select id="review-field" value={field} onChange={(e) => setField(e.target.value)} aria-describedby="review-field-error" aria-invalid={errors.field ? true : undefined} className={inputClasses}>
              <option value="">The whole step</option>
              {fields.map((item) => (
                <option key={item.key} value={item.key}>
                  {item.label}
                </option>
              ))}
            </select>
            <p id="review-field-error" aria-live="polite" className="text-sm text-red-700 empty:hidden dark:text-red-400">
              {errors.field?.join(' ')}
            </p>
          </div>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={() => mutation.mutate('approved')} disabled={mutation.isPending || approveBlocked !== undefined}>
          {mutation.isPending && mutation.variables === 'approved' ? 'Approving…' : 'Approve'}
        </Button>
        <Button type="button" variant="secondary" onClick={() => mutation.mutate('changes_requested')} disabled={mutation.isPending}>
          {mutation.isPending && mutation.variables === 'changes_requested' ? 'Sending…' : 'Request changes'}
        </Button>
      </div>
      {/* After the buttons: why Approve is not offered, without pushing them out of the first screenful. */}
      {approveBlocked ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          {approveBlocked}
        </p>
      ) : null}
    </section>
  );
}

/** Marks a reviewer's comment resolved (editors), then redraws the page: the notice and badges go. */
export function ResolveCommentButton({ registrationId, commentId, label }: { registrationId: string; commentId: string; label: string }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: () => resolveComment({ registrationId, commentId }),
    onSuccess: (result) => {
      toast[result.ok ? 'success' : 'error'](result.message);
      if (result.ok) router.refresh();
    },
    onError: () => toast.error('No connection to the server: nothing was recorded.'),
  });
  return (
    <Button type="button" variant="secondary" onClick={() => mutation.mutate()} disabled={mutation.isPending} aria-label={label} className="shrink-0">
      {mutation.isPending ? 'Marking resolved…' : 'Mark resolved'}
    </Button>
  );
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A read-only link to this summary, for reviewers who should not edit. */
export function ReviewLinkPanel({ registrationId, links }: { registrationId: string; links: { id: string; createdAt: string; expiresAt: string; createdBy: string }[] }) {
  const router = useRouter();
  const [link, setLink] = useState<{ url: string; expiresAt: string }>();
  const create = useMutation({
    mutationFn: () => createReviewLinkAction(registrationId),
    onSuccess: (result) => {
      if (!result.ok) return toast.error(result.message);
      setLink({ url: `${window.location.origin}${result.path}`, expiresAt: result.expiresAt });
      router.refresh();
    },
  });
  const revokeAll = useMutation({
    mutationFn: () => revokeReviewLinksAction(registrationId),
    onSuccess: (result) => {
      setLink(undefined);
      toast[result.ok ? 'success' : 'error'](result.message);
      router.refresh();
    },
  });
  const revokeOne = useMutation({
    mutationFn: (linkId: string) => revokeReviewLinkAction(registrationId, linkId),
    onSuccess: (result) => {
      toast[result.ok ? 'success' : 'error'](result.message);
      router.refresh();
    },
  });
  return (
    <section aria-labelledby="review-link-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 print:hidden dark:border-slate-800 dark:bg-slate-900">
      <h2 id="review-link-title" className="text-lg font-semibold">
        Read-only review link
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Anyone with the link sees this summary, and only this summary: no edit controls, no other page of the app, nothing it can change. A link works for 14
        days unless revoked first. {links.length ? `${counted(links.length, 'link')} active.` : 'No link yet.'}
      </p>
      {link ? (
        <div>
          <label htmlFor="review-link" className="text-sm font-medium">
            Review link (shown once; works until {dateFormat.format(new Date(link.expiresAt))})
          </label>
          <input id="review-link" readOnly value={link.url} className={`${inputClasses} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
        </div>
      ) : null}
      {links.length ? (
        <ul aria-label="Active review links" className="space-y-1 text-sm">
          {links.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 rounded border border-slate-200 px-3 py-1.5 dark:border-slate-700">
              <span>
                Link <code>{item.id}</code>: made {dateFormat.format(new Date(item.createdAt))}
                {item.createdBy ? ` by ${item.createdBy}` : ''}, works until {dateFormat.format(new Date(item.expiresAt))}
              </span>
              <Button type="button" variant="secondary" onClick={() => revokeOne.mutate(item.id)} disabled={revokeOne.isPending} aria-label={`Revoke link ${item.id}`}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="secondary" onClick={() => create.mutate()} disabled={create.isPending}>
          Create a review link
        </Button>
        {link ? (
          <Button type="button" variant="secondary" onClick={() => void navigator.clipboard.writeText(link.url).then(() => toast.success('Copied'))}>
            Copy
          </Button>
        ) : null}
        {links.length > 1 ? (
          <Button type="button" variant="secondary" onClick={() => revokeAll.mutate()} disabled={revokeAll.isPending}>
            Revoke all links
          </Button>
        ) : null}
      </div>
    </section>
  );
}
