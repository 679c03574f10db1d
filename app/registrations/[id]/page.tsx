import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getRegistration } from '@/lib/registration/repository';
import { REGISTRATION_STATUS_LABELS, STEPS } from '@/lib/registration/steps';

export const metadata: Metadata = { title: 'Registration' };

export default async function RegistrationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!uuidSchema.safeParse(id).success) notFound();
  const registration = await getRegistration(await getDb(), id);
  if (!registration) notFound();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{registration.name || 'Untitled registration'}</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          {REGISTRATION_STATUS_LABELS[registration.status]}
          {registration.applicationId ? (
            <>
              {' '}· applicationId <code>{registration.applicationId}</code>
            </>
          ) : (
            ' · no applicationId yet'
          )}
        </p>
      </div>
      <ol className="space-y-2">
        {STEPS.map((step) => (
          <li key={step.number} className="rounded-lg border border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
            <span className="font-medium">
              {step.number}. {step.title}
            </span>
            <span className="block text-sm text-slate-600 dark:text-slate-400">{step.summary}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
