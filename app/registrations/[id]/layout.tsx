import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { RegistrationNotes } from '@/components/registrations/registration-notes';
import { Providers } from '@/components/providers';
import { Stepper } from '@/components/wizard/stepper';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getOpenComments, getRegistrationById, getWizard, getWizardStatusOf } from '@/lib/registration/queries.server';
import { sendRefusal } from '@/lib/wizard/service';
import { can, pageUser } from '@/lib/auth/current';

export default async function RegistrationLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const wizard = await getWizard(id);
  const initial = await getWizardStatusOf(id);
  if (!wizard || !initial) notFound();
  const { registration } = wizard;
  const previous = registration.previousRegistrationId ? await getRegistrationById(registration.previousRegistrationId) : undefined;
  const canEdit = can(await pageUser(), 'editor');
  const openComments = await getOpenComments(id);
  const path = (await headers()).get('x-wizard-path') ?? '';
  const returnTo = new RegExp(`^/registrations/${id}(/[a-z-]+)?$`).test(path) ? path : `/registrations/${id}/summary`;
  return (
    <Providers>
      <div className="grid gap-4 md:grid-cols-[16rem_1fr] md:gap-8 print:block">
        {/* Under 768 px the step list is one line above the page (a disclosure: components/wizard/stepper.tsx). */}
        <aside className="min-w-0 print:hidden md:sticky md:top-4 md:self-start">
          <Stepper registrationId={id} initial={initial} canSendAll={canEdit && sendRefusal(registration) === undefined} openComments={openComments} />
        </aside>
        <div className="min-w-0 space-y-6">
          <RegistrationNotes registration={registration} previousName={previous?.name} canEdit={canEdit} returnTo={returnTo} />
          {children}
        </div>
      </div>
    </Providers>
  );
}
