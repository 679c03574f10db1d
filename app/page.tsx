import Link from 'next/link';
import { RegistrationList } from '@/components/registrations/registration-list';
import { SubmitButton } from '@/components/ui/submit-button';
import { inputClasses } from '@/components/wizard/fields';
import { getDb } from '@/lib/db';
import { countByStatus, listRegistrations } from '@/lib/registration/repository';
import { REGISTRATION_STATUSES, REGISTRATION_STATUS_LABELS, type RegistrationStatus } from '@/lib/registration/steps';
import { startRegistration } from './registrations/actions';
import { stripNul } from '@/lib/text';
import { can, pageUser } from '@/lib/auth/current';

type Props = { searchParams: Promise<{ status?: string | string[]; q?: string | string[]; page?: string | string[] }> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function RegistrationsPage({ searchParams }: Props) {
  const params = await searchParams;
  const statusParam = first(params.status);
  const status = REGISTRATION_STATUSES.includes(statusParam as RegistrationStatus) ? (statusParam as RegistrationStatus) : undefined;
  // A NUL cannot be searched for (PostgreSQL text cannot hold it): it is dropped.
  const search = stripNul(first(params.q) ?? '').slice(0, 100);
  const user = await pageUser();
  const canStart = can(user, 'editor');
  const db = await getDb();
  const pageParam = first(params.page);
  const page = pageParam && /^\d{1,6}$/.test(pageParam) ? Math.max(1, Number(pageParam)) : 1;
  const [{ rows: registrations, hasMore }, counts] = await Promise.all([listRegistrations(db, { status, search, page }), countByStatus(db)]);
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const href = (next: RegistrationStatus | undefined, toPage = 1) => {
    const query = new URLSearchParams();
    if (next) query.set('status', next);
    if (search) query.set('q', search);
    if (toPage > 1) query.set('page', String(toPage));
    const text = query.toString();
    return text ? `/?${text}` : '/';
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Registrations</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400">Each registration takes one app through the ten steps of the Banqup Store recipe.</p>
        </div>
        {total > 0 && canStart ? (
          <form action={startRegistration}>
            <SubmitButton pendingLabel="Starting…">Start a registration</SubmitButton>
          </form>
        ) : null}
      </div>
      {total === 0 ? (
        <section aria-labelledby="empty-title" className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center dark:border-slate-700 dark:bg-slate-900">
          <h2 id="empty-title" className="text-lg font-semibold">
            No registrations yet
          </h2>
          <p className="mx-auto mt-2 max-w-md text-slate-600 dark:text-slate-400">
            Start one to register your app in the Banqup Store: app info per language, logo, media, targeting and a versioned manifest, then approval.
          </p>
          {canStart ? (
            <form action={startRegistration} className="mt-6">
              <SubmitButton pendingLabel="Starting…">Start a registration</SubmitButton>
            </form>
          ) : (
            <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">Editors start registrations; you are signed in as {user.roles.join(' and ')}.</p>
          )}
        </section>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <nav aria-label="Filter by status">
              <ul className="flex flex-wrap gap-1 text-sm">
                {[undefined, ...REGISTRATION_STATUSES].map((option) => {
                  const active = option === status;
                  const count = option ? (counts[option] ?? 0) : total;
                  return (
                    <li key={option ?? 'all'}>
                      <Link
                        href={href(option)}
                        aria-current={active ? 'page' : undefined}
                        className={`inline-block rounded-full px-3 py-1 ${active ? 'bg-brand-600 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-700'}`}
                      >
                        {option ? REGISTRATION_STATUS_LABELS[option] : 'All'} ({count})
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
            <form role="search" action="/" className="flex gap-2">
              {status ? <input type="hidden" name="status" value={status} /> : null}
              <label htmlFor="search" className="sr-only">
                Search by name
              </label>
              <input id="search" name="q" type="search" defaultValue={search} placeholder="Search by name" className={inputClasses} />
              <button type="submit" className="rounded-md border border-slate-300 px-3 text-sm dark:border-slate-600">
                Search
              </button>
            </form>
          </div>
          {registrations.length === 0 ? (
            <p className="rounded-lg bg-white p-6 text-center text-slate-600 ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-400 dark:ring-slate-800">No registration matches.</p>
          ) : (
            <RegistrationList registrations={registrations} />
          )}
          {page > 1 || hasMore ? (
            <nav aria-label="Pages" className="flex items-center justify-between text-sm">
              {page > 1 ? (
                <Link href={href(status, page - 1)} className="text-brand-700 underline dark:text-brand-100">
                  ← Newer
                </Link>
              ) : (
                <span />
              )}
              <span className="text-slate-600 dark:text-slate-400">Page {page}</span>
              {hasMore ? (
                <Link href={href(status, page + 1)} className="text-brand-700 underline dark:text-brand-100">
                  Older →
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
