'use server';

import { redirect } from 'next/navigation';
import { authorize } from '@/lib/auth/current';
import { getDb } from '@/lib/db';
import { createRegistration } from '@/lib/registration/repository';
import { setRequestRegistration } from '@/lib/server/request-hook';

/** "Start a registration": a new, empty registration, then its first step. */
export async function startRegistration(): Promise<void> {
  const who = await authorize('editor');
  if (!who.ok) throw new Error(who.message);
  const id = await createRegistration(await getDb());
  setRequestRegistration(id);
  redirect(`/registrations/${id}`);
}
