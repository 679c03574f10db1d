import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DecisionPanel } from '@/components/summary/decision-panel';
import { SummaryDocument } from '@/components/summary/summary-document';
import { PrintButton, ReviewLinkPanel, SignOffPanel } from '@/components/summary/review-panels';
import { SendEverything } from '@/components/summary/send-everything';
import { SummaryStorePreview } from '@/components/store-preview/summary-store-preview';
import { buttonClasses } from '@/components/ui/button';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getConfig } from '@/lib/env';
import { can, pageUser } from '@/lib/auth/current';
import { journalPage } from '@/lib/registration/summary';
import { getChangersSince, getDecision, getRegistrationById, getRegistrationView, getReviewLinks } from '@/lib/registration/queries.server';
import { HousekeepingPanel, isNextVersionRefusal } from '@/components/registrations/housekeeping-panel';
import { sendRefusal } from '@/lib/wizard/service';

export const metadata: Metadata = { title: 'Summary' };

export default async function SummaryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ journalBefore?: string | string[]; nextVersion?: string | string[] }> }) {
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const query = await searchParams;
  const view = await getRegistrationView(id, { journal: journalPage(query) });
  if (!view) notFound();
  const registration = await getRegistrationById(id);
  if (!registration) notFound();
  const nextVersionParam = Array.isArray(query.nextVersion) ? query.nextVersion[0] : query.nextVersion;
  const user = await pageUser();
  const localMode = getConfig().auth.mode === 'none';
  const isAdmin = can(user, 'admin');
  const links = isAdmin
    ? (await getReviewLinks(id)).map((link) => ({ id: link.id, createdAt: link.createdAt.toISOString(), expiresAt: link.expiresAt.toISOString(), createdBy: link.createdBy }))
    : [];
  const latest = view.signOffs[0];
  // Four eyes: who changed the registration since the last approval cannot approve it.
  const lastApproval = view.signOffs.find((signOff) => signOff.decision === 'approved');
  const myChange = localMode ? undefined : (await getChangersSince(id, lastApproval?.registrationRevision ?? 0)).find((changer) => changer.id === user.id);
  const approveBlocked = myChange
    ? `You changed this registration since the last approval (step ${myChange.steps.join(', ')}): another reviewer must approve it. You may still request changes.`
    : undefined;
  const decision = await getDecision(id);
  const archived = registration.archivedAt !== null;
  const decide = archived ? (
    <p className="text-sm text-slate-600 dark:text-slate-400">This registration is archived: nobody signs it off until it is restored.</p>
  ) : can(user, 'reviewer') ? (
    <SignOffPanel registrationId={id} signedInAs={localMode ? undefined : user.name} approveBlocked={approveBlocked} />
  ) : (
    <p className="text-sm text-slate-600 dark:text-slate-400">
      Reviewers sign off here. You are signed in as {user.name} ({user.roles.join(', ')}): ask a reviewer to look at it.
    </p>
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm font-medium text-brand-700 print:hidden dark:text-brand-100">Review</p>
          <h1 className="text-2xl font-semibold tracking-tight">Summary: {view.registration.name || 'Untitled registration'}</h1>
          <p className="text-slate-600 dark:text-slate-400">
            {latest
              ? latest.decision === 'approved'
                ? latest.stale
                  ? 'Approved, but changed since: the approval is stale.'
                  : `Approved by ${latest.reviewer}.`
                : `Changes requested by ${latest.reviewer}.`
              : 'Not signed off yet.'}
          </p>
        </div>
        <div className="flex flex-wrap gap-2 print:hidden">
          <PrintButton />
          <a href={`/registrations/${id}/export`} className={buttonClasses('secondary')} download>
            Download JSON
          </a>
          <Link href={`/registrations/${id}/approval`} className={buttonClasses('primary')}>
            Step 10: approval
          </Link>
        </div>
      </div>
      <DecisionPanel view={view} changes={decision.changes} comments={decision.comments} editable canResolve={can(user, 'editor') && !archived} decide={decide} />
      {view.registration.applicationId && can(user, 'editor') && sendRefusal(registration) === undefined ? <SendEverything registrationId={id} /> : null}
      <SummaryStorePreview view={view} />
      <SummaryDocument view={view} editable comments={decision.comments} journalOpen={query.journalBefore !== undefined} />
      {can(user, 'editor') ? <HousekeepingPanel registration={registration} refusal={isNextVersionRefusal(nextVersionParam) ? nextVersionParam : undefined} /> : null}
      {isAdmin ? <ReviewLinkPanel registrationId={id} links={links} /> : null}
    </div>
  );
}
