import Link from 'next/link';
import { restoreRegistration } from '@/lib/registration/actions';
import { SubmitButton } from '@/components/ui/submit-button';
import type { RegistrationRecord } from '@/lib/registration/repository';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * What every page of a registration says first about its place among the others: archived
 * (read-only, with Restore for an editor), the next version of another one, or superseded by
 * its next version (which sends from then on).
 */
export function RegistrationNotes({
  registration,
  previousName,
  canEdit,
  returnTo,
}: {
  registration: RegistrationRecord;
  /** The name of the registration this one was started from, when it still exists. */
  previousName?: string;
  canEdit: boolean;
  returnTo: string;
}) {
  const notes: React.ReactNode[] = [];
  if (registration.archivedAt) {
    notes.push(
      <div
        key="archived"
        role="note"
        aria-label="Archived"
        className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
      >
        <p>
          <strong>Archived</strong> {dateFormat.format(registration.archivedAt)} UTC{registration.archivedBy ? ` by ${registration.archivedBy}` : ''}: read-only until
          restored. Archiving changed nothing at Banqup: it has no delete call, and what was sent stays there.
        </p>
        {canEdit ? (
          <form action={restoreRegistration}>
            <input type="hidden" name="registrationId" value={registration.id} />
            <input type="hidden" name="returnTo" value={returnTo} />
            <SubmitButton variant="secondary" pendingLabel="Restoring…">
              Restore
            </SubmitButton>
          </form>
        ) : null}
      </div>,
    );
  }
  if (registration.previousRegistrationId) {
    notes.push(
      <p key="previous" role="note" className="rounded-md border border-slate-300 bg-white p-4 text-sm dark:border-slate-700 dark:bg-slate-900">
        The next version of{' '}
        {previousName !== undefined ? (
          <Link href={`/registrations/${registration.previousRegistrationId}/summary`} className="underline">
            {previousName || 'an untitled registration'}
          </Link>
        ) : (
          'a registration'
        )}
        , for the same application{registration.applicationId ? <> (<code>{registration.applicationId}</code>)</> : null}. It started with that
        registration&rsquo;s answers and with what Banqup already holds, so a send posts only what changed. The callbacks&rsquo; authorization header was
        not copied: type it again in step 9.
      </p>,
    );
  }
  if (registration.nextRegistrationId) {
    notes.push(
      <p key="next" role="note" className="rounded-md border border-slate-300 bg-white p-4 text-sm dark:border-slate-700 dark:bg-slate-900">
        The{' '}
        <Link href={`/registrations/${registration.nextRegistrationId}`} className="underline">
          next version
        </Link>{' '}
        was started from this registration: it holds what Banqup holds and sends from now on. This one sends nothing more to Banqup.
      </p>,
    );
  }
  return notes.length ? <div className="space-y-3 print:hidden">{notes}</div> : null;
}
