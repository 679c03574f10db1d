'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from '@/components/ui/toast';
import { setRegistrationStatus } from '@/lib/registration/review-actions';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/wizard/fields';
import type { NotReadyItem } from '@/lib/registration/decision';
import type { RegistrationStatus } from '@/lib/registration/statuses';

const NEXT_LABELS: Partial<Record<RegistrationStatus, { status: RegistrationStatus; label: string; done: string }>> = {
  in_progress: { status: 'submitted', label: 'Record as submitted for approval (today)', done: 'submitted for approval' },
  in_review: { status: 'submitted', label: 'Record as submitted for approval (today)', done: 'submitted for approval' },
  submitted: { status: 'approved', label: 'Record as approved by Banqup', done: 'approved by Banqup' },
  approved: { status: 'published', label: 'Record as published in the Banqup Store', done: 'published' },
};

/**
 * Step 10: the request text (copy, download, e-mail) and Banqup's decision, recorded by hand.
 * Recording takes the status role; it first names what is not ready (blockers and warnings),
 * and blockers take a written reason that stays in the history.
 */
export function ApprovalPanel({
  registrationId,
  status,
  text,
  supportEmail,
  subject,
  fileName,
  recorder,
  notReady: initialNotReady,
  digest: initialDigest,
}: {
  registrationId: string;
  status: RegistrationStatus;
  text?: string;
  supportEmail?: string;
  subject: string;
  fileName: string;
  /** Whether this person may record the status, or why not. */
  recorder: { allowed: true } | { allowed: false; why: string };
  notReady: NotReadyItem[];
  digest: string;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [notReady, setNotReady] = useState(initialNotReady);
  const [digest, setDigest] = useState(initialDigest);
  const [message, setMessage] = useState<string>();
  const next = NEXT_LABELS[status];
  const blockers = notReady.filter((item) => item.level === 'blocker');
  const warnings = notReady.filter((item) => item.level === 'warning');
  const mutation = useMutation({
    mutationFn: () => setRegistrationStatus({ registrationId, status: next?.status, confirm: digest, ...(blockers.length ? { override: reason } : {}) }),
    onSuccess: (result) => {
      if (result.ok) {
        toast.success(result.message);
        setConfirming(false);
        setReason('');
        router.refresh();
        return;
      }
      if ('notReady' in result) {
        // What is not ready changed since the page was drawn: show the list as it is now.
        setNotReady(result.notReady);
        setDigest(result.confirm);
      }
      setMessage(result.message);
      toast.error(result.message);
    },
    onError: () => toast.error('No connection to the server: nothing was recorded.'),
  });
  const download = () => {
    if (!text) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="space-y-4">
      {text !== undefined ? (
        <>
          <label htmlFor="approval-request" className="text-sm font-medium">
            The approval request for Banqup
          </label>
          <textarea id="approval-request" readOnly value={text} rows={16} className={`${inputClasses} font-mono text-xs`} />
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="secondary" onClick={() => void navigator.clipboard.writeText(text).then(() => toast.success('Copied'))}>
              Copy
            </Button>
            <Button type="button" variant="secondary" onClick={download}>
              Download .txt
            </Button>
            {supportEmail ? (
              <a
                className="inline-flex items-center rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-600 dark:hover:bg-slate-800"
                href={`mailto:${supportEmail}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text)}`}
              >
                E-mail Banqup
              </a>
            ) : null}
          </div>
        </>
      ) : null}
      {next ? (
        <section aria-labelledby="record-title" className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
          <h2 id="record-title" className="text-lg font-semibold">
            Record Banqup’s decision
          </h2>
          {!recorder.allowed ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">{recorder.why}</p>
          ) : !confirming ? (
            <Button type="button" variant="secondary" onClick={() => setConfirming(true)}>
              {next.label}…
            </Button>
          ) : (
            <div role="group" aria-labelledby="confirm-title" className="space-y-3 rounded-md border border-slate-300 p-4 dark:border-slate-700">
              <h3 id="confirm-title" className="font-semibold">
                Record this registration as {next.done}?
              </h3>
              {notReady.length === 0 ? (
                <p className="text-sm">Everything on the checklist is ready, and the latest sign-off is a fresh approval.</p>
              ) : (
                <>
                  <p className="text-sm">Not ready:</p>
                  <ul aria-label="Not ready" className="space-y-1 text-sm">
                    {blockers.map((item) => (
                      <li key={item.id} className="text-red-700 dark:text-red-400">
                        <strong>Blocker:</strong> {item.label}
                      </li>
                    ))}
                    {warnings.map((item) => (
                      <li key={item.id} className="text-amber-800 dark:text-amber-300">
                        <strong>Warning:</strong> {item.label}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {blockers.length ? (
                <div>
                  <label htmlFor="override-reason" className="text-sm font-medium">
                    Why record it anyway? (kept in the history, with your name)
                  </label>
                  <textarea id="override-reason" value={reason} onChange={(event) => setReason(event.target.value)} rows={2} className={inputClasses} />
                </div>
              ) : null}
              {message ? (
                <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                  {message}
                </p>
              ) : null}
              <div className="flex flex-wrap gap-2">
                <Button type="button" onClick={() => mutation.mutate()} disabled={mutation.isPending}>
                  {mutation.isPending ? 'Recording…' : blockers.length ? `Record as ${next.done} despite the blockers` : `Record as ${next.done}`}
                </Button>
                <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
              </div>
            </div>
          )}
        </section>
      ) : null}
    </div>
  );
}
