'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useSelectedLayoutSegment } from 'next/navigation';
import { getWizardStatus, type WizardStatus } from '@/app/registrations/[id]/actions';
import { STEPS } from '@/lib/registration/steps';
import { STEP_STATE_LABELS, type StepState } from '@/lib/wizard/status';
import { wizardQueryKey } from './use-step-form';

const STATE_STYLES: Record<StepState, string> = {
  locked: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  not_started: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  draft: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
  sending: 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100',
  sent: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
  changed: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  failed: 'bg-red-100 text-red-900 dark:bg-red-900 dark:text-red-100',
  unknown: 'bg-orange-100 text-orange-950 dark:bg-orange-900 dark:text-orange-100',
  extra: 'bg-violet-100 text-violet-950 dark:bg-violet-900 dark:text-violet-100',
};

/** The ten steps beside the form, each with its status, refreshed after every save and send. */
export function Stepper({ registrationId, initial, canSendAll }: { registrationId: string; initial: WizardStatus; canSendAll: boolean }) {
  const segment = useSelectedLayoutSegment();
  const { data } = useQuery({
    queryKey: wizardQueryKey(registrationId),
    queryFn: async () => (await getWizardStatus(registrationId)) ?? initial,
    initialData: initial,
  });
  // Prefetch only the steps beside the current one: prefetching all ten made every step view
  // cost the server ten more renders.
  const currentNumber = STEPS.find((step) => step.slug === segment)?.number;
  const near = (n: number) => currentNumber !== undefined && Math.abs(n - currentNumber) === 1;
  return (
    <nav aria-label="Registration steps">
      <p className="mb-3 px-3 text-sm text-slate-600 dark:text-slate-400">
        <span className="block font-medium text-slate-900 dark:text-slate-100">{data.name || 'Untitled registration'}</span>
        {data.applicationId ? <code className="text-xs break-all">{data.applicationId}</code> : 'No applicationId yet'}
      </p>
      <ol className="space-y-1">
        {STEPS.map((step) => {
          const status = data.statuses.find((s) => s.step === step.number);
          const state: StepState = status?.state ?? 'not_started';
          const current = segment === step.slug;
          const label = step.number === 1 && state === 'sent' ? 'applicationId set' : STEP_STATE_LABELS[state];
          const content = (
            <>
              <span className="flex items-center justify-between gap-2">
                <span className="font-medium">
                  {step.number}. {step.title}
                </span>
              </span>
              {step.number <= 9 ? (
                <span className={`mt-1 inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLES[state]}`}>{label}</span>
              ) : null}
              {status?.message && (state === 'failed' || state === 'changed' || state === 'sending' || state === 'unknown' || state === 'extra') ? (
                <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">{status.message}</span>
              ) : null}
            </>
          );
          const classes = `block rounded-md px-3 py-2 text-sm ${current ? 'bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700' : 'hover:bg-white/70 dark:hover:bg-slate-900/60'}`;
          return (
            <li key={step.number}>
              <Link
                href={`/registrations/${registrationId}/${step.slug}`}
                prefetch={near(step.number) ? undefined : false}
                aria-current={current ? 'step' : undefined}
                className={classes}
              >
                {content}
                {step.number === 10 ? <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">After review and sign-off.</span> : null}
              </Link>
            </li>
          );
        })}
      </ol>
      <Link
        href={`/registrations/${registrationId}/summary`}
        aria-current={segment === 'summary' ? 'page' : undefined}
        className={`mt-3 block rounded-md border border-slate-300 px-3 py-2 text-center text-sm font-medium hover:bg-white dark:border-slate-700 dark:hover:bg-slate-900 ${segment === 'summary' ? 'bg-white dark:bg-slate-900' : ''}`}
      >
        Summary and review
      </Link>
      {data.applicationId && canSendAll ? (
        <Link href={`/registrations/${registrationId}/summary#send-everything`} prefetch={false} className="mt-2 block px-3 text-center text-sm text-brand-700 underline dark:text-brand-100">
          Send everything that is ready…
        </Link>
      ) : null}
    </nav>
  );
}
