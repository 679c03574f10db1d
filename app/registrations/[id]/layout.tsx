import { notFound } from 'next/navigation';
import { Providers } from '@/components/providers';
import { Stepper } from '@/components/wizard/stepper';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { loadWizard, wizardStatus } from '@/lib/wizard/service';
import { can, pageUser } from '@/lib/auth/current';

export default async function RegistrationLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const db = await getDb();
  const wizard = await loadWizard(db, id);
  if (!wizard) notFound();
  const initial = await wizardStatus(db, wizard);
  return (
    <Providers>
      <div className="grid gap-4 md:grid-cols-[16rem_1fr] md:gap-8 print:block">
        {/* Under 768 px the step list is one line above the page (a disclosure: components/wizard/stepper.tsx). */}
        <aside className="min-w-0 print:hidden md:sticky md:top-4 md:self-start">
          <Stepper registrationId={id} initial={initial} canSendAll={can(await pageUser(), 'editor')} />
        </aside>
        <div className="min-w-0">{children}</div>
      </div>
    </Providers>
  );
}
