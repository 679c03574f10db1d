'use client';

import { Button } from '@/components/ui/button';
import type { SendResult } from '@/app/registrations/[id]/actions';
import { ErrorSummary } from './error-summary';
import type { SaveIndicator } from './use-step-form';

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
  children,
}: {
  title: string;
  intro: React.ReactNode;
  save: SaveIndicator;
  errors: { path: string; message: string }[];
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
  return (
    <form onSubmit={onSend ?? ((event) => event.preventDefault())} noValidate className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
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
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
        <Button type="button" variant="secondary" onClick={onSaveDraft} disabled={savingDraft}>
          {savingDraft ? 'Saving…' : 'Save draft'}
        </Button>
        {onSend ? (
          <Button type="submit" disabled={sending || !canSend}>
            {sending ? 'Sending…' : sendLabel}
          </Button>
        ) : null}
        <SaveStatus save={save} />
      </div>
    </form>
  );
}
