import { notFound, redirect } from 'next/navigation';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { STEPS } from '@/lib/registration/steps';
import { loadWizard, stepStatuses } from '@/lib/wizard/service';

/** A registration opens at its first step that is not sent yet. */
export default async function RegistrationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const db = await getDb();
  const wizard = await loadWizard(db, id);
  if (!wizard) notFound();
  const statuses = await stepStatuses(db, wizard);
  const next = statuses.find((status) => status.state !== 'sent' && status.state !== 'locked') ?? statuses[0];
  const step = STEPS.find((s) => s.number === next?.step) ?? STEPS[0];
  redirect(`/registrations/${id}/${step.slug}`);
}
