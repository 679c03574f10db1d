import Link from 'next/link';
import { archiveRegistration, startNextVersionFrom, type NextVersionRefusal } from '@/lib/registration/actions';
import { SubmitButton } from '@/components/ui/submit-button';
import type { RegistrationRecord } from '@/lib/registration/repository';

const REFUSALS: Record<NextVersionRefusal, string> = {
  refused: 'Only editors start a next version.',
  exists: 'The next version was already started from this registration: continue there.',
  'no-application': 'A next version is of an application Banqup holds: step 1 needs its applicationId first.',
  sending: 'A send of this registration is under way: wait until it ends, then start the next version.',
  missing: 'This registration does not exist (any more).',
  failed: 'Starting the next version failed unexpectedly: nothing was created. Try again.',
};

export const isNextVersionRefusal = (value: string | undefined): value is NextVersionRefusal => value !== undefined && Object.hasOwn(REFUSALS, value);

/**
 * The summary's housekeeping, for an editor: start the next version of the application from
 * this registration, and archive it. Plain forms: they work before any script has loaded.
 */
export function HousekeepingPanel({ registration, refusal }: { registration: RegistrationRecord; refusal?: NextVersionRefusal }) {
  const id = registration.id;
  const canStartNext = registration.applicationId !== null && registration.nextRegistrationId === null;
  return (
    <section aria-labelledby="housekeeping-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 print:hidden dark:border-slate-800 dark:bg-slate-900">
      <h2 id="housekeeping-title" className="text-lg font-semibold">
        Next version and archive
      </h2>
      {refusal ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          {REFUSALS[refusal]}
        </p>
      ) : null}
      {canStartNext ? (
        <form action={startNextVersionFrom} className="space-y-2">
          <input type="hidden" name="registrationId" value={id} />
          <p className="text-sm text-slate-600 dark:text-slate-400">
            A new registration for the same application (<code>{registration.applicationId}</code>), with these answers to start from and what Banqup already
            holds, so that only the changes go out. Step 9 asks for a version higher than the last one sent. The callbacks&rsquo; authorization header is not
            copied: type it again there. From then on the next version sends, and this one no longer does.
          </p>
          <SubmitButton variant="secondary" pendingLabel="Starting…">
            Start the next version from this one
          </SubmitButton>
        </form>
      ) : registration.nextRegistrationId ? (
        <p className="text-sm">
          The{' '}
          <Link href={`/registrations/${registration.nextRegistrationId}`} className="underline">
            next version
          </Link>{' '}
          was started from this registration.
        </p>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">A next version can be started once step 1 has the applicationId.</p>
      )}
      {registration.archivedAt ? null : (
        <form action={archiveRegistration} className="space-y-2">
          <input type="hidden" name="registrationId" value={id} />
          <input type="hidden" name="returnTo" value={`/registrations/${id}/summary`} />
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Archiving takes it out of the list (it is under Archived, read-only until restored). It changes nothing at Banqup, which has no delete call: what
            was sent stays there.
          </p>
          <SubmitButton variant="secondary" pendingLabel="Archiving…">
            Archive this registration
          </SubmitButton>
        </form>
      )}
    </section>
  );
}
