'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { toast } from '@/components/ui/toast';
import { setRegistrationStatus } from '@/app/registrations/[id]/review-actions';
import { Button } from '@/components/ui/button';
import { inputClasses } from '@/components/wizard/fields';
import type { RegistrationStatus } from '@/lib/registration/steps';

/** Step 10: the request text (copy, download, e-mail) and the status recorded by hand. */
export function ApprovalPanel({
  registrationId,
  status,
  text,
  supportEmail,
  subject,
  fileName,
}: {
  registrationId: string;
  status: RegistrationStatus;
  text: string;
  supportEmail?: string;
  subject: string;
  fileName: string;
}) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: (next: RegistrationStatus) => setRegistrationStatus({ registrationId, status: next }),
    onSuccess: (result) => {
      toast[result.ok ? 'success' : 'error'](result.message);
      if (result.ok) router.refresh();
    },
  });
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(url);
  };
  const next: { status: RegistrationStatus; label: string } | undefined =
    status === 'in_progress' || status === 'in_review'
      ? { status: 'submitted', label: 'Mark as submitted for approval (today)' }
      : status === 'submitted'
        ? { status: 'approved', label: 'Mark as approved by Banqup' }
        : status === 'approved'
          ? { status: 'published', label: 'Mark as published in the Banqup Store' }
          : undefined;
  return (
    <div className="space-y-4">
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
      {next ? (
        <div className="border-t border-slate-200 pt-4 dark:border-slate-800">
          <Button type="button" onClick={() => mutation.mutate(next.status)} disabled={mutation.isPending}>
            {mutation.isPending ? 'Recording…' : next.label}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
