'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { getWizardStatus, type SendResult } from '@/lib/wizard/actions';
import { AtBanqupPanel } from './at-banqup-panel';
import { ErrorSummary } from './error-summary';
import { useForward } from './forward';
import { primaryAction } from './forward-target';
import { wizardQueryKey, type SaveIndicator } from './use-step-form';

/** Seconds left until `iso`, ticking every second; 0 once passed. */
function useSecondsUntil(iso: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  const until = iso ? Date.parse(iso) : 0;
  useEffect(() => {
    if (until <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [until]);
  return Math.max(0, Math.ceil((until - now) / 1000));
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

function SaveStatus({ save }: { save: SaveIndicator }) {
  const text =
    save.state === 'pending'
      ? 'Unsaved changes…'
      : save.state === 'saving'
        ? 'Saving…'
        : save.state === 'saved'
          ? `Draft saved at ${timeFormat.format(new Date(save.at))}`
          : save.state === 'error'
            ? save.message
            : '';
  return (
    <p role="status" className={`text-sm ${save.state === 'error' ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-400'}`}>
      {text}
    </p>
  );
}

/** The frame every step shares: heading, error summary, conflict notice, the form, and its actions. */
export function StepFrame({
  title,
  intro,
  save,
  errors,
  submitCount,
  conflict,
  onOverwrite,
  onSaveDraft,
  savingDraft,
  onSend,
  sending,
  sendResult,
  sendLabel = 'Send to Banqup',
  canSend = true,
  registrationId,
  step,
  confirmation,
  onConfirm,
  onCancelConfirm,
  onCheck,
  checking = false,
  onResendAnyway,
  children,
}: {
  registrationId?: string;
  step?: number;
  confirmation?: { digest: string; consequences: string[] } | null;
  onConfirm?: () => void;
  onCancelConfirm?: () => void;
  onCheck?: () => void;
  checking?: boolean;
  onResendAnyway?: (ledgerId: number) => void;
  title: string;
  intro: React.ReactNode;
  save: SaveIndicator;
  errors: { path: string; message: string; text?: string }[];
  submitCount: number;
  conflict: number | null;
  onOverwrite: () => void;
  onSaveDraft: () => void;
  savingDraft: boolean;
  onSend?: (event?: React.BaseSyntheticEvent) => Promise<void>;
  sending?: boolean;
  sendResult?: SendResult;
  sendLabel?: string;
  canSend?: boolean;
  children: React.ReactNode;
}) {
  // What Banqup holds and when it may be called again: the step list's data, refreshed after each send.
  const { data: status } = useQuery({
    queryKey: wizardQueryKey(registrationId ?? ''),
    queryFn: async () => (registrationId ? getWizardStatus(registrationId) : null),
    enabled: Boolean(registrationId),
  });
  const atBanqup = status?.atBanqup.find((view) => view.step === step);
  const retryAt = (sendResult && !sendResult.ok ? sendResult.retryAt : undefined) ?? status?.statuses.find((s) => s.step === step)?.retryAt;
  const wait = useSecondsUntil(retryAt);
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirmation) confirmRef.current?.focus();
  }, [confirmation]);
  const forward = useForward();
  const failedCalls = Boolean(sendResult && !sendResult.ok && sendResult.failed?.some((failure) => !failure.unknown));
  const changedHere = save.state === 'pending' || save.state === 'saving' || save.state === 'error' || conflict !== null;
  const primary = primaryAction({ forward, state: status?.statuses.find((s) => s.step === step)?.state, changedHere, failedCalls, sendLabel });
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    if (onSend && primary.sends) return void onSend(event);
    event.preventDefault();
    // A step with nothing new: on without a call to Banqup.
    if (onSend) forward?.go();
  };
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <div>
        {/* Focused when "Send and continue" arrives here (forward.tsx). */}
        <h1 tabIndex={-1} className="text-2xl font-semibold tracking-tight outline-none">
          {title}
        </h1>
        <div className="mt-2 text-slate-600 dark:text-slate-400">{intro}</div>
      </div>
      <ErrorSummary errors={errors} focusKey={submitCount} />
      {conflict !== null ? (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-semibold">This step was changed in another tab or by a colleague.</p>
          <p className="mt-1 text-sm">Your changes here are not saved. Reload to see the other version, or keep yours and save them over it.</p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button type="button" variant="secondary" onClick={() => window.location.reload()}>
              Reload the other version
            </Button>
            <Button type="button" variant="secondary" onClick={onOverwrite}>
              Keep mine and save
            </Button>
          </div>
        </div>
      ) : null}
      {children}
      {atBanqup && onCheck && onResendAnyway ? <AtBanqupPanel view={atBanqup} onCheck={onCheck} checking={checking} onResendAnyway={onResendAnyway} busy={Boolean(sending)} /> : null}
      {confirmation ? (
        <div
          ref={confirmRef}
          tabIndex={-1}
          role="alert"
          aria-labelledby="confirm-send-title"
          className="space-y-3 rounded-md border border-amber-400 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <p id="confirm-send-title" className="font-semibold">
            Nothing was sent yet. This send does more than add what is new:
          </p>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {confirmation.consequences.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button type="button" onClick={onConfirm} disabled={sending}>
              Send and accept this
            </Button>
            <Button type="button" variant="secondary" onClick={onCancelConfirm}>
              Cancel: send nothing
            </Button>
          </div>
        </div>
      ) : null}
      {sendResult && !sendResult.ok && sendResult.failed?.length ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          <p className="font-semibold">{sendResult.message}</p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {sendResult.failed.map((failure) => (
              <li key={failure.key}>
                <span className="font-medium">{failure.label}</span>: {failure.message}
                {failure.requestId ? <span className="block text-xs">Request id for Banqup Support: {failure.requestId}</span> : null}
              </li>
            ))}
          </ul>
          {sendResult.failed.some((failure) => failure.connection) ? (
            <p className="mt-2">
              <Link href="/settings" className="font-medium underline">
                Check the connection to Banqup
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
        {onSend ? (
          <Button type="submit" disabled={sending || !canSend || (primary.sends && wait > 0)}>
            {sending ? 'Sending…' : primary.label}
          </Button>
        ) : forward ? (
          // Step 1 sends nothing here (its draft is created above): on to step 2. What is typed
          // but not saved yet is saved as the page is left (use-step-form.ts).
          <Button type="button" onClick={forward.go}>
            {forward.toSummary ? 'Return to the summary' : 'Continue'}
          </Button>
        ) : null}
        <Button type="button" variant="secondary" onClick={onSaveDraft} disabled={savingDraft}>
          {savingDraft ? 'Saving…' : 'Save draft'}
        </Button>
        <SaveStatus save={save} />
        {wait > 0 ? (
          <p role="status" className="text-sm text-amber-800 dark:text-amber-300">
            Banqup asked to wait: try again in {wait} s.
          </p>
        ) : null}
      </div>
    </form>
  );
}
