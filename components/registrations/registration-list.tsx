import Link from 'next/link';
import type { RegistrationSummary } from '@/lib/registration/repository';
import { REGISTRATION_STATUS_LABELS } from '@/lib/registration/steps';

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function RegistrationList({ registrations }: { registrations: RegistrationSummary[] }) {
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {registrations.map((registration) => (
        <li key={registration.id}>
          <Link href={`/registrations/${registration.id}`} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50 dark:hover:bg-slate-800">
            <span>
              <span className="block font-medium">{registration.name || 'Untitled registration'}</span>
              <span className="block text-sm text-slate-600 dark:text-slate-400">
                {registration.namespace ? <code>{registration.namespace}</code> : 'No namespace yet'} · {registration.stepsSent} of 8 API steps sent · updated{' '}
                {dateFormat.format(registration.updatedAt)} UTC
              </span>
            </span>
            <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-200">
              {REGISTRATION_STATUS_LABELS[registration.status]}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
