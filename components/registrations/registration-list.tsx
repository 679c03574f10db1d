import Link from 'next/link';
import { archiveRegistration, restoreRegistration } from '@/lib/registration/actions';
import { SubmitButton } from '@/components/ui/submit-button';
import type { RegistrationRecord } from '@/lib/registration/repository';
import { REGISTRATION_STATUS_LABELS } from '@/lib/registration/statuses';
import { counted } from '@/lib/text';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "2 changes requested (steps 4, 7)": the reviewers' comments not resolved yet. */
function changesRequested(steps: number[]): string {
  const distinct = [...new Set(steps)];
  return `${counted(steps.length, 'change requested', 'changes requested')} (${distinct.length === 1 ? 'step' : 'steps'} ${distinct.join(', ')})`;
}

/**
 * The registrations, each a link to it; for an editor, with Archive (the default list) or
 * Restore (the archived ones) beside it: plain forms, which work before any script has loaded.
 */
export function RegistrationList({
  registrations,
  archived = false,
  canEdit = false,
  returnTo = '/',
}: {
  registrations: RegistrationRecord[];
  archived?: boolean;
  canEdit?: boolean;
  /** The list's own address (filter, search, page): where the forms come back to. */
  returnTo?: string;
}) {
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {registrations.map((registration) => {
        const name = registration.name || 'Untitled registration';
        return (
          <li key={registration.id} className="flex flex-wrap items-center gap-2 hover:bg-slate-50 sm:flex-nowrap dark:hover:bg-slate-800">
            <Link href={`/registrations/${registration.id}`} className="flex min-w-0 flex-1 flex-wrap items-center justify-between gap-2 px-4 py-3">
              <span className="min-w-0">
                <span className="block font-medium">{name}</span>
                <span className="block text-sm text-slate-600 dark:text-slate-400">
                  {registration.namespace ? <code>{registration.namespace}</code> : 'No namespace yet'} · {registration.stepsSent} of 8 API steps sent · updated{' '}
                  {dateFormat.format(registration.updatedAt)} UTC
                  {archived && registration.archivedAt ? (
                    <>
                      {' '}
                      · archived {dateFormat.format(registration.archivedAt)} UTC{registration.archivedBy ? ` by ${registration.archivedBy}` : ''}
                    </>
                  ) : null}
                </span>
              </span>
              <span className="flex flex-wrap items-center gap-1.5">
                {registration.openCommentSteps.length ? (
                  <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-950 ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-700">
                    {changesRequested(registration.openCommentSteps)}
                  </span>
                ) : null}
                <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-200">
                  {REGISTRATION_STATUS_LABELS[registration.status]}
                </span>
              </span>
            </Link>
            {canEdit ? (
              <form action={archived ? restoreRegistration : archiveRegistration} className="px-4 pb-3 sm:py-3 sm:pl-0">
                <input type="hidden" name="registrationId" value={registration.id} />
                <input type="hidden" name="returnTo" value={returnTo} />
                <SubmitButton variant="secondary" pendingLabel={archived ? 'Restoring…' : 'Archiving…'} aria-label={`${archived ? 'Restore' : 'Archive'} ${name}`}>
                  {archived ? 'Restore' : 'Archive'}
                </SubmitButton>
              </form>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
