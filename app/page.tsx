import Link from 'next/link';
import { RegistrationList } from '@/components/registrations/registration-list';
import { SubmitButton } from '@/components/ui/submit-button';
import { inputClasses } from '@/components/wizard/fields';
import { getRegistrationList } from '@/lib/registration/queries.server';
import { REGISTRATION_STATUSES, REGISTRATION_STATUS_LABELS, type RegistrationStatus } from '@/lib/registration/statuses';
import { startRegistration, type HousekeepingNotice } from '@/lib/registration/actions';
import { stripNul } from '@/lib/text';
import { can, pageUser } from '@/lib/auth/current';

type Props = {
  searchParams: Promise<{ status?: string | string[]; q?: string | string[]; page?: string | string[]; archived?: string | string[]; notice?: string | string[] }>;
};

/** What the list says after an archive or restore form (app/registrations/actions.ts). */
const NOTICES: Record<HousekeepingNotice, { text: string; error?: boolean }> = {
  archived: { text: 'Registration archived: it is listed under Archived, read-only until restored. Nothing changed at Banqup: it has no delete call, and what was sent stays there.' },
  restored: { text: 'Restored: it is back in the list and can be changed again.' },
  refused: { text: 'Only editors archive and restore registrations.', error: true },
  missing: { text: 'That registration does not exist (any more).', error: true },
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function RegistrationsPage({ searchParams }: Props) {
  const params = await searchParams;
  const statusParam = first(params.status);
  const archived = first(params.archived) === '1';
  const status = !archived && REGISTRATION_STATUSES.includes(statusParam as RegistrationStatus) ? (statusParam as RegistrationStatus) : undefined;
  const noticeParam = first(params.notice);
  const notice = noticeParam && Object.hasOwn(NOTICES, noticeParam) ? NOTICES[noticeParam as HousekeepingNotice] : undefined;
  // A NUL cannot be searched for (PostgreSQL text cannot hold it): it is dropped.
  const search = stripNul(first(params.q) ?? '').slice(0, 100);
  const user = await pageUser();
  const canStart = can(user, 'editor');
  const pageParam = first(params.page);
  const page = pageParam && /^\d{1,6}$/.test(pageParam) ? Math.max(1, Number(pageParam)) : 1;
  const { rows: registrations, hasMore, byStatus: counts, archived: archivedCount } = await getRegistrationList({ status, search, page, archived });
  const listed = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const total = listed + archivedCount;
  const href = (next: RegistrationStatus | 'archived' | undefined, toPage = 1) => {
    const query = new URLSearchParams();
    if (next === 'archived') query.set('archived', '1');
    else if (next) query.set('status', next);
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
      {notice ? (
        <p
          role={notice.error ? 'alert' : 'status'}
          className={`rounded-md border p-4 text-sm ${notice.error ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100' : 'border-emerald-300 bg-emerald-50 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100'}`}
        >
          {notice.text}
        </p>
      ) : null}
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
                {[undefined, ...REGISTRATION_STATUSES, 'archived' as const].map((option) => {
                  const active = option === 'archived' ? archived : !archived && option === status;
                  const count = option === 'archived' ? archivedCount : option ? (counts[option] ?? 0) : listed;
                  return (
                    <li key={option ?? 'all'}>
                      <Link
                        href={href(option)}
                        aria-current={active ? 'page' : undefined}
                        className={`inline-block rounded-full px-3 py-1 ${active ? 'bg-brand-600 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-700'}`}
                      >
                        {option === 'archived' ? 'Archived' : option ? REGISTRATION_STATUS_LABELS[option] : 'All'} ({count})
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
            <form role="search" action="/" className="flex gap-2">
              {status ? <input type="hidden" name="status" value={status} /> : null}
              {archived ? <input type="hidden" name="archived" value="1" /> : null}
              <label htmlFor="search" className="sr-only">
                Search by name
              </label>
              <input id="search" name="q" type="search" defaultValue={search} placeholder="Search by name" className={inputClasses} />
              <button type="submit" className="rounded-md border border-slate-300 px-3 text-sm dark:border-slate-600">
                Search
              </button>
            </form>
          </div>
          {archived ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              Archived registrations are read-only until restored. Archiving changed nothing at Banqup: it has no delete call, and what was sent stays there.
            </p>
          ) : null}
          {registrations.length === 0 ? (
            <p className="rounded-lg bg-white p-6 text-center text-slate-600 ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-400 dark:ring-slate-800">
              {search ? 'No registration matches.' : archived ? 'No archived registration.' : listed === 0 ? 'Every registration is archived: see Archived.' : 'No registration matches.'}
            </p>
          ) : (
            <RegistrationList registrations={registrations} archived={archived} canEdit={canStart} returnTo={href(archived ? 'archived' : status, page)} />
          )}
          {page > 1 || hasMore ? (
            <nav aria-label="Pages" className="flex items-center justify-between text-sm">
              {page > 1 ? (
                <Link href={href(archived ? 'archived' : status, page - 1)} className="text-brand-700 underline dark:text-brand-100">
                  ← Newer
                </Link>
              ) : (
                <span />
              )}
              <span className="text-slate-600 dark:text-slate-400">Page {page}</span>
              {hasMore ? (
                <Link href={href(archived ? 'archived' : status, page + 1)} className="text-brand-700 underline dark:text-brand-100">
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
