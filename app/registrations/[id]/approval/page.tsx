import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ApprovalPanel } from '@/components/summary/approval-panel';
import { approvalRequestText } from '@/components/summary/approval-request';
import { Checklist } from '@/components/summary/summary-document';
import { uuidSchema } from '@/lib/banqup/schemas';
import { REGISTRATION_STATUS_LABELS } from '@/lib/registration/statuses';
import { getRegistrationView } from '@/lib/registration/queries.server';
import { can, pageUser } from '@/lib/auth/current';
import { getConfig } from '@/lib/env';
import { NEXT_STATUS, notReady, notReadyDigest } from '@/lib/registration/decision';

export const metadata: Metadata = { title: 'Approval' };

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** Step 10: open when the checklist passes and the latest sign-off is a fresh approval. */
export default async function ApprovalPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const view = await getRegistrationView(id);
  if (!view) notFound();
  const latest = view.signOffs[0];
  const open = view.ready && view.approved;
  const alreadySubmitted = ['submitted', 'approved', 'published'].includes(view.registration.status);
  const user = await pageUser();
  const statusRole = getConfig().auth.roles.statusRole;
  const recorder = can(user, statusRole)
    ? ({ allowed: true } as const)
    : ({ allowed: false, why: `Only an ${statusRole} records Banqup’s decision here. You are signed in as ${user.name} (${user.roles.join(', ')}).` } as const);
  const items = notReady(view);
  const nextStatus = NEXT_STATUS[view.registration.status].find((status) => status !== 'in_progress' && status !== 'in_review');
  const digest = notReadyDigest(items, nextStatus ?? view.registration.status);
  const panel = (
    <ApprovalPanel
      // A new status or a new "not ready" list after a refresh: a fresh panel, not stale state.
      key={`${view.registration.status}:${digest}`}
      registrationId={id}
      status={view.registration.status}
      text={open || alreadySubmitted ? approvalRequestText(view) : undefined}
      supportEmail={view.supportEmail}
      subject={`Banqup Store: approval request for ${view.registration.name} ${view.version?.version ?? ''}`.trim()}
      fileName={`banqup-approval-request-${view.registration.namespace || 'app'}.txt`}
      recorder={recorder}
      notReady={items}
      digest={digest}
    />
  );
  return (
    <div className="space-y-6">
      {/* Under 768 px the step list's button says it already. */}
      <p className="hidden text-sm font-medium text-brand-700 md:block dark:text-brand-100">Step 10 of 10</p>
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Approval</h1>
        <p className="mt-2 text-slate-600 dark:text-slate-400">
          When everything is sent and a reviewer approved it, ask Banqup to approve the app. Approval can take up to 10 business days; Banqup contacts you if they need more.
        </p>
      </div>
      <p className="rounded-md bg-white p-3 text-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
        Status: <strong>{REGISTRATION_STATUS_LABELS[view.registration.status]}</strong>
        {view.events.length ? ` since ${dateTime.format(view.events.at(-1)?.createdAt ?? new Date())} UTC` : ''}
      </p>
      {open || alreadySubmitted ? (
        panel
      ) : (
        <>
        <div role="note" aria-label="Step 10 is locked" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-semibold">Step 10 is locked.</p>
          <ul className="list-disc pl-5 text-sm">
            {!view.ready ? <li>The readiness checklist has items to do (below).</li> : null}
            {!latest ? <li>No reviewer has signed off yet.</li> : null}
            {latest && latest.decision !== 'approved' ? <li>The latest sign-off requests changes: {latest.comment}</li> : null}
            {latest && latest.decision === 'approved' && latest.stale ? <li>The approval is stale: the registration changed after it. Ask for a new sign-off.</li> : null}
          </ul>
          <p className="text-sm">
            <Link href={`/registrations/${id}/summary`} className="underline">
              Open the summary to review and sign off
            </Link>
          </p>
        </div>
        {/* Whoever records the status may still do so, naming why: the override stays in the history. */}
        {panel}
        </>
      )}
      <Checklist view={view} editable />
    </div>
  );
}
