'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import * as z from 'zod';
import { actorOf, authorize } from '@/lib/auth/current';
import { uuidSchema } from '@/lib/banqup/schemas';
import { getDb } from '@/lib/db';
import { log } from '@/lib/log';
import { startNextVersion } from '@/lib/registration/next-version';
import { archiveRegistration as archive, createRegistration, getRegistration, restoreRegistration as restore } from '@/lib/registration/repository';
import { setRequestRegistration } from '@/lib/server/request-hook';

/** "Start a registration": a new, empty registration, then its first step. */
export async function startRegistration(): Promise<void> {
  const who = await authorize('editor');
  if (!who.ok) throw new Error(who.message);
  const id = await createRegistration(await getDb());
  setRequestRegistration(id);
  redirect(`/registrations/${id}`);
}

/**
 * Where an archive or restore form returns: the list (with its filter, search and page) or a
 * page of the registration. Only paths of this app, never a URL of another site.
 */
const returnToSchema = z
  .string()
  .max(300)
  .regex(/^\/(\?[\w=&%.+*-]*)?$|^\/registrations\/[0-9a-f-]{36}(\/[a-z-]+)?$/);

const housekeepingSchema = z.object({ registrationId: uuidSchema, returnTo: returnToSchema.optional() });

/** The notices the list shows after a housekeeping form (app/page.tsx). */
export type HousekeepingNotice = 'archived' | 'restored' | 'refused' | 'missing';

function withNotice(path: string, notice: HousekeepingNotice): string {
  if (path.startsWith('/registrations/')) return path;
  const url = new URL(path, 'http://app.invalid');
  url.searchParams.set('notice', notice);
  return `${url.pathname}${url.search}`;
}

function housekeepingInput(formData: FormData) {
  return housekeepingSchema.safeParse({
    registrationId: formData.get('registrationId'),
    returnTo: formData.get('returnTo') || undefined,
  });
}

/**
 * Archives a registration: it leaves the default list (it is under Archived) and is read-only
 * until restored. Nothing changes at Banqup, which has no delete call: what was sent stays there.
 */
export async function archiveRegistration(formData: FormData): Promise<void> {
  const who = await authorize('editor');
  await setArchived(who, formData, 'archived');
}

/** Restores an archived registration to the list, as it was when archived. */
export async function restoreRegistration(formData: FormData): Promise<void> {
  const who = await authorize('editor');
  await setArchived(who, formData, 'restored');
}

/** Archive and restore, after the action has checked who asks: back to where the form was, with a notice. */
async function setArchived(who: Awaited<ReturnType<typeof authorize>>, formData: FormData, outcome: 'archived' | 'restored'): Promise<void> {
  const input = housekeepingInput(formData);
  const returnTo = input.success ? (input.data.returnTo ?? '/') : '/';
  if (!who.ok) redirect(withNotice(returnTo, 'refused'));
  if (!input.success) redirect(withNotice('/', 'missing'));
  setRequestRegistration(input.data.registrationId);
  const db = await getDb();
  if (!(await getRegistration(db, input.data.registrationId))) redirect(withNotice('/', 'missing'));
  if (outcome === 'archived') await archive(db, input.data.registrationId, actorOf(who.user));
  else await restore(db, input.data.registrationId);
  log.info(`registration ${outcome}`, { registrationId: input.data.registrationId });
  revalidatePath('/', 'layout');
  redirect(withNotice(returnTo, outcome));
}

/** Why starting the next version failed, as the summary says it (app/registrations/[id]/summary). */
export type NextVersionRefusal = 'refused' | 'exists' | 'no-application' | 'sending' | 'missing' | 'failed';

/**
 * "Start the next version from this one": a new registration for the same application, with the
 * answers of steps 1–9 and the ledger of what Banqup holds (lib/registration/next-version.ts),
 * opened at step 9 for its new version.
 */
export async function startNextVersionFrom(formData: FormData): Promise<void> {
  const who = await authorize('editor');
  const input = housekeepingSchema.pick({ registrationId: true }).safeParse({ registrationId: formData.get('registrationId') });
  if (!input.success) redirect('/');
  const sourceId = input.data.registrationId;
  const refusal = (reason: NextVersionRefusal) => `/registrations/${sourceId}/summary?nextVersion=${reason}`;
  if (!who.ok) redirect(refusal('refused'));
  setRequestRegistration(sourceId);
  let result: Awaited<ReturnType<typeof startNextVersion>>;
  try {
    result = await startNextVersion(await getDb(), sourceId, actorOf(who.user));
  } catch (error) {
    log.error('starting the next version failed', { registrationId: sourceId, error: error instanceof Error ? error.message : 'unknown' });
    redirect(refusal('failed'));
  }
  if (!result.ok) {
    redirect(refusal(result.reason));
  }
  log.info('next version started', { registrationId: result.id, from: sourceId, ...result.copied });
  revalidatePath('/', 'layout');
  redirect(`/registrations/${result.id}/version`);
}
