'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { sendEverythingToBanqup, type SendAllResult, type WizardStatus } from '@/lib/wizard/actions';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import { wizardQueryKey } from '@/components/wizard/use-step-form';
import { STEPS } from '@/lib/wizard/steps/meta';
import { STEP_STATE_LABELS } from '@/lib/wizard/status';

const PROGRESS_EVERY_MS = 700;

async function fetchWizardStatus(registrationId: string): Promise<WizardStatus> {
  const response = await fetch(`/api/registrations/${registrationId}/status`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`The progress could not be read (${response.status}).`);
  return (await response.json()) as WizardStatus;
}

const OUTCOME_LABELS: Record<SendAllResult['steps'][number]['outcome'], string> = {
  sent: 'Sent',
  nothing: 'Nothing new',
  failed: 'Did not go through',
  skipped: 'Not sent',
};

/**
 * "Send everything": every step that is ready, at once (the server keeps the ledger's rules).
 * While it runs, the steps' progress is read live from the server; a send that does more than
 * add what is new lists what it does for every step, and goes out only once confirmed.
 */
export function SendEverything({ registrationId }: { registrationId: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<SendAllResult>();
  const [polling, setPolling] = useState(false);
  const pollTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(pollTimer.current), []);
  const send = useMutation({
    mutationFn: (confirm?: string) => sendEverythingToBanqup(registrationId, confirm ? { confirm } : {}),
    onMutate: () => {
      pollTimer.current = setTimeout(() => setPolling(true), PROGRESS_EVERY_MS);
    },
    onSettled: () => {
      clearTimeout(pollTimer.current);
      setPolling(false);
    },
    onSuccess: (answer) => {
      setResult(answer);
      if (!answer.confirm) toast[answer.ok ? 'success' : 'error'](answer.message);
      void queryClient.invalidateQueries({ queryKey: wizardQueryKey(registrationId) });
      router.refresh();
    },
    onError: () => toast.error('No connection to the server: the send may have started. Reload to see what Banqup holds.'),
  });
  // Live progress: the steps' statuses, read from the server while the send runs, from 700 ms
  // on (a send that is over sooner needs none; asked at once, it was a second request competing
  // with the send's own work on the server, which plans every step to answer it). Read with a
  // GET: the page's server actions run one at a time, so an action would wait for the send.
  const progress = useQuery({
    queryKey: wizardQueryKey(registrationId),
    queryFn: () => fetchWizardStatus(registrationId),
    enabled: send.isPending && polling,
    refetchInterval: send.isPending ? PROGRESS_EVERY_MS : false,
  });
  const confirm = result?.confirm;
  return (
    <section id="send-everything" aria-labelledby="send-everything-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5 print:hidden dark:border-slate-800 dark:bg-slate-900">
      <h2 id="send-everything-title" className="text-lg font-semibold">
        Send everything
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Sends every step that is ready and has something new for Banqup, several calls at once. What Banqup holds is not sent again, nothing that may
        already have arrived is resent, and a step that does more than add (a second brand, media in new places) is listed for you to confirm first.
      </p>
      {confirm ? (
        <div role="group" aria-labelledby="send-everything-confirm" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <p id="send-everything-confirm" className="font-semibold">
            Read what this send does, then confirm. Nothing was sent yet.
          </p>
          {confirm.steps.map((step) => (
            <div key={step.step}>
              <p className="font-medium">
                {step.step}. {step.title}
              </p>
              <ul className="list-disc pl-5">
                {step.consequences.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          ))}
          <div className="flex flex-wrap gap-2">
            <Button type="button" onClick={() => send.mutate(confirm.digest)} disabled={send.isPending}>
              Send everything and accept this
            </Button>
            <Button type="button" variant="secondary" onClick={() => setResult(undefined)} disabled={send.isPending}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <Button type="button" onClick={() => send.mutate(undefined)} disabled={send.isPending}>
          {send.isPending ? 'Sending…' : 'Send everything that is ready'}
        </Button>
      )}
      {send.isPending && progress.data ? (
        <ul aria-label="Progress" aria-live="polite" className="space-y-1 text-sm">
          {progress.data.statuses
            .filter((status) => status.step >= 2)
            .map((status) => (
              <li key={status.step}>
                {status.step}. {STEPS.find((step) => step.number === status.step)?.title}: {STEP_STATE_LABELS[status.state]}
                {status.sentCount + status.pendingCount > 0 ? ` (${status.sentCount} of ${status.sentCount + status.pendingCount} at Banqup)` : ''}
              </li>
            ))}
        </ul>
      ) : null}
      {result && !confirm && !send.isPending ? (
        <div className="space-y-1 text-sm">
          <p role="status">{result.message}</p>
          <ul aria-label="Send everything: by step" className="space-y-1">
            {result.steps.map((step) => (
              <li key={step.step} className={step.outcome === 'failed' ? 'text-red-700 dark:text-red-400' : ''}>
                <strong>
                  {step.step}. {step.title}: {OUTCOME_LABELS[step.outcome]}
                </strong>{' '}
                — {step.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
