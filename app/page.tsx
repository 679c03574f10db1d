import { RegistrationList } from '@/components/registrations/registration-list';
import { SubmitButton } from '@/components/ui/submit-button';
import { getDb } from '@/lib/db';
import { listRegistrations } from '@/lib/registration/repository';
import { startRegistration } from './registrations/actions';

export default async function RegistrationsPage() {
  const registrations = await listRegistrations(await getDb());
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Registrations</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400">Each registration takes one app through the ten steps of the Banqup Store recipe.</p>
        </div>
        {registrations.length > 0 ? (
          <form action={startRegistration}>
            <SubmitButton pendingLabel="Starting…">Start a registration</SubmitButton>
          </form>
        ) : null}
      </div>
      {registrations.length === 0 ? (
        <section aria-labelledby="empty-title" className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center dark:border-slate-700 dark:bg-slate-900">
          <h2 id="empty-title" className="text-lg font-semibold">No registrations yet</h2>
          <p className="mx-auto mt-2 max-w-md text-slate-600 dark:text-slate-400">
            Start one to register your app in the Banqup Store: app info per language, logo, media, targeting and a versioned manifest, then approval.
          </p>
          <form action={startRegistration} className="mt-6">
            <SubmitButton pendingLabel="Starting…">Start a registration</SubmitButton>
          </form>
        </section>
      ) : (
        <RegistrationList registrations={registrations} />
      )}
    </div>
  );
}
