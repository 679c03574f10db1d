'use server';

import { redirect } from 'next/navigation';
import { getDb } from '@/lib/db';
import { createRegistration } from '@/lib/registration/repository';

/** "Start a registration": a new, empty registration, then its first step. */
export async function startRegistration(): Promise<void> {
  const id = await createRegistration(await getDb());
  redirect(`/registrations/${id}`);
}
