import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Checklist, SummaryDocument } from '@/components/summary/summary-document';
import { PrintButton, ReviewLinkPanel, SignOffPanel } from '@/components/summary/review-panels';
import { buttonClasses } from '@/components/ui/button';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { getConfig } from '@/lib/env';
import { listReviewLinks } from '@/lib/registration/review';
import { journalPage, loadRegistrationView } from '@/lib/registration/summary';

export const metadata: Metadata = { title: 'Summary' };

export default async function SummaryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ journalBefore?: string | string[] }> }) {
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const db = await getDb();
  const view = await loadRegistrationView(db, id, { journal: journalPage(await searchParams) });
  if (!view) notFound();
  const links = (await listReviewLinks(db, id)).map((link) => ({ id: link.id, createdAt: link.createdAt.toISOString(), expiresAt: link.expiresAt.toISOString() }));
  const latest = view.signOffs[0];
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
        <div className="flex gap-2 print:hidden">
          <PrintButton />
          <a href={`/registrations/${id}/export`} className={buttonClasses('secondary')} download>
            Download JSON
          </a>
          <Link href={`/registrations/${id}/approval`} className={buttonClasses('primary')}>
            Step 10: approval
          </Link>
        </div>
      </div>
      <Checklist view={view} editable />
      <SummaryDocument view={view} editable />
      <SignOffPanel registrationId={id} trustedName={getConfig().auth.mode !== 'none'} />
      <ReviewLinkPanel registrationId={id} links={links} />
    </div>
  );
}
