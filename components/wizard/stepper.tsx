'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useSelectedLayoutSegment } from 'next/navigation';
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { getWizardStatus, type WizardStatus } from '@/lib/wizard/actions';
import { STEPS } from '@/lib/wizard/steps/meta';
import { type RegistrationStatus } from '@/lib/registration/statuses';
import { STEP_STATE_LABELS, type StepState } from '@/lib/wizard/status';
import { counted } from '@/lib/text';
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

/** Step 10 has no API call: its badge is where the registration stands with review and Banqup. */
const APPROVAL_BADGES: Record<RegistrationStatus, { label: string; style: string }> = {
  in_progress: { label: 'Not submitted', style: STATE_STYLES.not_started },
  in_review: { label: 'In review', style: STATE_STYLES.draft },
  submitted: { label: 'Submitted to Banqup', style: STATE_STYLES.changed },
  approved: { label: 'Approved by Banqup', style: STATE_STYLES.sent },
  published: { label: 'Published', style: STATE_STYLES.sent },
};

const SIDE_BY_SIDE = '(min-width: 48rem)'; // Tailwind's md: the list beside the page, not above it
const MARGIN = 16; // px: the aside's sticky top-4, and as much below it
const SHORTEST = 240; // px: below that the list gets too cramped to use; the page scrolls instead

/**
 * Beside the page (md and up) the list is sticky, and as tall as the viewport leaves it from
 * where it starts: before the page scrolls it starts below the header, so a plain
 * max-height of 100dvh would put its end, "Summary and review", below the fold. The steps
 * scroll within the list; its head and "Summary and review" stay in view.
 */
function useFitToViewport(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const media = window.matchMedia(SIDE_BY_SIDE);
    let frame = 0;
    const fit = () => {
      frame = 0;
      if (!media.matches) {
        element.style.maxHeight = '';
        return;
      }
      const top = Math.max(element.getBoundingClientRect().top, MARGIN);
      element.style.maxHeight = `${Math.max(window.innerHeight - top - MARGIN, SHORTEST)}px`;
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(fit);
    };
    fit();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    media.addEventListener('change', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      media.removeEventListener('change', schedule);
    };
  }, [ref]);
}

/**
 * The ten steps beside the form, each with its status, refreshed after every save and send.
 * Under 768 px it is one line, "Step 4 of 10 · Media", a disclosure button that opens the list.
 */
export function Stepper({
  registrationId,
  initial,
  canSendAll,
  openComments = {},
}: {
  registrationId: string;
  initial: WizardStatus;
  canSendAll: boolean;
  /** Reviewers' requests for changes not resolved yet, per step (the layout redraws it after a resolve). */
  openComments?: Record<number, number>;
}) {
  const segment = useSelectedLayoutSegment();
  const queryClient = useQueryClient();
  const { data } = useQuery({
    queryKey: wizardQueryKey(registrationId),
    queryFn: async () => (await getWizardStatus(registrationId)) ?? initial,
    initialData: initial,
  });
  // Step 10's status changes on the summary and approval pages, which refresh the layout: take
  // the new status from there (the cached list keeps the rest, which saves and sends refresh).
  const firstInitial = useRef(initial);
  useEffect(() => {
    if (initial === firstInitial.current) return;
    firstInitial.current = initial;
    queryClient.setQueryData<WizardStatus>(wizardQueryKey(registrationId), (old) => (old ? { ...old, registrationStatus: initial.registrationStatus } : initial));
  }, [initial, queryClient, registrationId]);

  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const panelId = useId();
  useFitToViewport(panelRef);

  // The current step in view within the list, when the list scrolls (the page itself does not move).
  useEffect(() => {
    const list = listRef.current;
    const current = list?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!list || !current || list.scrollHeight <= list.clientHeight) return;
    const itemBox = current.getBoundingClientRect();
    const listBox = list.getBoundingClientRect();
    if (itemBox.top < listBox.top || itemBox.bottom > listBox.bottom) list.scrollTop += itemBox.top - listBox.top - (listBox.height - itemBox.height) / 2;
  }, [segment]);

  // Prefetch only the steps beside the current one: prefetching all ten made every step view
  // cost the server ten more renders.
  const currentStep = STEPS.find((step) => step.slug === segment);
  const near = (n: number) => currentStep !== undefined && Math.abs(n - currentStep.number) === 1;
  const where = currentStep ? `Step ${currentStep.number} of ${STEPS.length} · ${currentStep.title}` : segment === 'summary' ? 'Summary and review' : 'Registration steps';
  const close = () => setOpen(false);
  const requested = Object.values(openComments).reduce((sum, n) => sum + n, 0);

  return (
    <nav
      aria-label="Registration steps"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          close();
          toggleRef.current?.focus();
        }
      }}
    >
      <button
        ref={toggleRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
        className="flex w-full items-center justify-between gap-3 rounded-md border border-slate-300 bg-white px-3 py-2 text-left text-sm font-medium shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 md:hidden dark:border-slate-700 dark:bg-slate-900"
      >
        <span className="min-w-0">
          {where}
          {requested ? <span className="font-normal text-amber-800 dark:text-amber-300"> · {counted(requested, 'change requested', 'changes requested')}</span> : null}
        </span>
        <span aria-hidden className={`shrink-0 text-slate-600 transition-transform dark:text-slate-400 ${open ? 'rotate-180' : ''}`}>
          ▾
        </span>
      </button>
      <div
        ref={panelRef}
        id={panelId}
        className={`${open ? 'flex' : 'hidden'} mt-2 flex-col rounded-md border border-slate-200 bg-slate-50 p-2 md:mt-0 md:flex md:max-h-[calc(100dvh-2rem)] md:rounded-none md:border-0 md:bg-transparent md:p-0 dark:border-slate-800 dark:bg-slate-950 md:dark:bg-transparent`}
      >
        <p className="mb-2 shrink-0 px-3 text-sm text-slate-600 dark:text-slate-400">
          <span title={data.name || undefined} className="line-clamp-2 font-medium break-words text-slate-900 dark:text-slate-100">
            {data.name || 'Untitled registration'}
          </span>
          {data.applicationId ? <code className="text-xs break-all">{data.applicationId}</code> : 'No applicationId yet'}
        </p>
        <ol ref={listRef} className="min-h-0 space-y-0.5 overflow-y-auto overscroll-contain">
          {STEPS.map((step) => {
            const status = data.statuses.find((s) => s.step === step.number);
            const state: StepState = status?.state ?? 'not_started';
            const current = segment === step.slug;
            const badge =
              step.number === 10
                ? APPROVAL_BADGES[data.registrationStatus]
                : { label: step.number === 1 && state === 'sent' ? 'applicationId set' : STEP_STATE_LABELS[state], style: STATE_STYLES[state] };
            const message = status?.message && (state === 'failed' || state === 'changed' || state === 'sending' || state === 'unknown' || state === 'extra') ? status.message : null;
            return (
              <li key={step.number}>
                <Link
                  href={`/registrations/${registrationId}/${step.slug}`}
                  prefetch={near(step.number) ? undefined : false}
                  aria-current={current ? 'step' : undefined}
                  onClick={close}
                  className={`flex flex-wrap items-center justify-between gap-x-2 gap-y-1 rounded-md px-3 py-1.5 text-sm ${current ? 'bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700' : 'hover:bg-white/70 dark:hover:bg-slate-900/60'}`}
                >
                  <span className="font-medium">
                    {step.number}. {step.title}
                  </span>
                  {/* ml-auto: on the right, also when a long title leaves it a line of its own */}
                  <span className={`ml-auto rounded-full px-2 py-0.5 text-xs font-medium ${badge.style}`}>{badge.label}</span>
                  {openComments[step.number] ? (
                    <span className="basis-full">
                      <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-950 ring-1 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-700">
                        {counted(openComments[step.number] ?? 0, 'change requested', 'changes requested')}
                      </span>
                    </span>
                  ) : null}
                  {message ? <span className="basis-full text-xs text-slate-600 dark:text-slate-400">{message}</span> : null}
                </Link>
              </li>
            );
          })}
        </ol>
        <div className="shrink-0 pt-2">
          <Link
            href={`/registrations/${registrationId}/summary`}
            aria-current={segment === 'summary' ? 'page' : undefined}
            onClick={close}
            className={`block rounded-md border border-slate-300 px-3 py-2 text-center text-sm font-medium hover:bg-white dark:border-slate-700 dark:hover:bg-slate-900 ${segment === 'summary' ? 'bg-white dark:bg-slate-900' : ''}`}
          >
            Summary and review
          </Link>
          {data.applicationId && canSendAll ? (
            <Link
              href={`/registrations/${registrationId}/summary#send-everything`}
              prefetch={false}
              onClick={close}
              className="mt-1 block px-3 py-1 text-center text-sm text-brand-700 underline dark:text-brand-100"
            >
              Send everything that is ready…
            </Link>
          ) : null}
        </div>
      </div>
    </nav>
  );
}
