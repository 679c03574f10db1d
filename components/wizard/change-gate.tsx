'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { acknowledgeChangeAfterSubmission } from '@/lib/wizard/actions';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';

/**
 * Who may change this step, now. A person who is not an editor reads the form but cannot
 * change it; a registration that is with Banqup (submitted, approved, published) warns before
 * the first change: once changed, it goes back to in progress and needs approving again.
 * The server refuses the same (actions.ts); this only says so before anyone types.
 */
export function ChangeGate({
  registrationId,
  notEditor,
  withBanqup,
  readOnly,
  children,
}: {
  registrationId: string;
  /** Why this person cannot change it (not an editor), if so. */
  notEditor?: string;
  /** The status label when the registration is with Banqup and nobody acknowledged changing it. */
  withBanqup?: string;
  /** Why nobody changes it now (archived: the page says so above), if so. */
  readOnly?: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const acknowledge = useMutation({
    mutationFn: () => acknowledgeChangeAfterSubmission(registrationId),
    onSuccess: (result) => {
      toast[result.ok ? 'success' : 'error'](result.message);
      if (result.ok) router.refresh();
    },
    onError: () => toast.error('No connection to the server: nothing changed.'),
  });
  const locked = readOnly !== undefined || notEditor !== undefined || withBanqup !== undefined;
  return (
    <div className="space-y-4">
      {readOnly ? (
        <p role="note" className="rounded-md border border-slate-300 bg-white p-4 text-sm dark:border-slate-700 dark:bg-slate-900">
          {readOnly}
        </p>
      ) : notEditor ? (
        <p role="note" className="rounded-md border border-slate-300 bg-white p-4 text-sm dark:border-slate-700 dark:bg-slate-900">
          {notEditor}
        </p>
      ) : withBanqup ? (
        <div role="note" aria-label="This registration is with Banqup" className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <p>
            This registration is <strong>{withBanqup.toLowerCase()}</strong>. Changing it moves it back to <strong>in progress</strong>: it needs a new approval
            and a new request to Banqup. Nothing changes until you type.
          </p>
          <Button type="button" variant="secondary" onClick={() => acknowledge.mutate()} disabled={acknowledge.isPending}>
            Change it anyway
          </Button>
        </div>
      ) : null}
      <fieldset disabled={locked} className="min-w-0">
        {children}
      </fieldset>
    </div>
  );
}
