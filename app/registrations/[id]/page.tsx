import { notFound, redirect } from 'next/navigation';
import { uuidSchema } from '@/lib/banqup/schemas';
import { STEPS } from '@/lib/wizard/steps/meta';
import { getStepStatuses } from '@/lib/registration/queries.server';

/** A registration opens at its first step that is not sent yet. */
export default async function RegistrationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const statuses = await getStepStatuses(id);
  if (!statuses) notFound();
  const next = statuses.find((status) => status.state !== 'sent' && status.state !== 'locked') ?? statuses[0];
  const step = STEPS.find((s) => s.number === next?.step) ?? STEPS[0];
  redirect(`/registrations/${id}/${step.slug}`);
}
