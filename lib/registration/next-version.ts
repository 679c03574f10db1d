import { STEP_REGISTRY, isFormStep } from '@/lib/wizard/steps';
import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '@/lib/db/db';
import { typed } from '@/lib/db/kysely';
import type { Actor } from './repository';

/**
 * "Start the next version from this one": a new registration for the same Banqup application.
 *
 * What a person expects of the next version of an app they registered: the same application
 * (applicationId, name, namespace: step 1 as it was), every answer of steps 2–9 to start from,
 * and a version in step 9 higher than the last one Banqup holds. What Banqup must not get is a
 * second copy of what it already keeps: its Store API has no delete or update call, so a second
 * locale text, media, brand or country sent by the copy would stay there for good.
 *
 * Decision: the copy takes the drafts **and the ledger entries of what Banqup holds or may hold**
 * for that application (accepted items, items found there after an unknown outcome, and items
 * whose outcome is still unknown, which stay "may have arrived" in the copy too). So the copy's
 * At Banqup view, its statuses and its sends know what is there: an unchanged step reads "Sent",
 * and a send posts only what changed, with the same confirmations as before (a second text for a
 * locale, another brand...). Refused items, and unknown ones settled as absent, are not copied
 * (Banqup holds nothing of them). The journal (the calls made) stays with the registration that
 * made them.
 *
 * Not copied: the callbacks' authorization header (a secret; it must be typed again in step 9),
 * sign-offs, review links, the status history (the copy starts in progress, to be approved on its
 * own). Step 9's version is emptied (a version number is taken once at Banqup, and the copy must
 * send a higher one), its release date set to now. The logo and media files are copied (new ids,
 * same bytes: the copy's plan fingerprints them by content, so they match what was sent).
 *
 * From then on the next version is the one that sends: its source is refused further sends
 * (service.ts sendRefusal), and one registration gets one next version (a second would be a
 * second ledger for the same application), so that exactly one registration of a chain sends.
 */

export type NextVersionResult =
  | { ok: true; id: string; copied: { steps: number; assets: number; ledger: number } }
  | { ok: false; reason: 'missing' | 'no-application' | 'exists' | 'sending'; message: string; existingId?: string };

/**
 * A step's draft as the next version starts it (STEP_REGISTRY): the asset ids its files name
 * replaced with their copies' ids, and what the step changes for a next version (step 9's version).
 */
function nextVersionDraft(step: number, draft: unknown, ids: Map<string, string>, now: Date): unknown {
  if (!isFormStep(step) || !draft || typeof draft !== 'object') return draft;
  const { files, nextVersion } = STEP_REGISTRY[step];
  const remapped = files ? files.remap(draft as Record<string, unknown>, ids) : (draft as Record<string, unknown>);
  return nextVersion ? nextVersion(remapped, now) : remapped;
}

/** The asset ids a step's draft names. */
function assetIdsOf(step: number, draft: unknown): string[] {
  const files = isFormStep(step) ? STEP_REGISTRY[step].files : undefined;
  return files && draft && typeof draft === 'object' ? files.ids(draft as Record<string, unknown>) : [];
}

export async function startNextVersion(db: Pick<Db, 'transaction'>, sourceId: string, actor: Actor, now = new Date()): Promise<NextVersionResult> {
  return db.transaction(async (tx) => {
    const q = typed(tx);
    // The source row locked for the copy: two clicks cannot both start a next version.
    const source = await q.selectFrom('registrations').select(['name', 'namespace', 'application_id']).where('id', '=', sourceId).forUpdate().executeTakeFirst();
    if (!source) return { ok: false, reason: 'missing', message: 'This registration does not exist (any more).' };
    if (!source.application_id) {
      return { ok: false, reason: 'no-application', message: 'A next version is of an application Banqup holds: step 1 needs its applicationId first.' };
    }
    const existing = await q
      .selectFrom('registrations')
      .select('id')
      .where('previous_registration_id', '=', sourceId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (existing) {
      return { ok: false, reason: 'exists', existingId: existing.id, message: 'The next version was already started from this registration: continue there (or start the one after it from there).' };
    }
    const sending = await q
      .selectFrom('ledger_items')
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
      .where('registration_id', '=', sourceId)
      .where('outcome', '=', 'sending')
      .executeTakeFirst();
    if ((sending?.n ?? 0) > 0) return { ok: false, reason: 'sending', message: 'A send of this registration is under way: wait until it ends, then start the next version.' };

    const id = randomUUID();
    await q
      .insertInto('registrations')
      .values({ id, name: source.name, namespace: source.namespace, application_id: source.application_id, previous_registration_id: sourceId, revision: 1 })
      .execute();
    // The one change that made it, by whom (four eyes: whoever started it cannot approve it alone).
    await q.insertInto('registration_changes').values({ registration_id: id, revision: 1, step: 1, actor_id: actor.id, actor_name: actor.name }).execute();
    await q
      .insertInto('registration_events')
      .values({
        registration_id: id,
        status: 'in_progress',
        actor: actor.name,
        actor_id: actor.id,
        note: `Started as the next version of ${source.name || 'an untitled registration'} (${sourceId}).`,
      })
      .execute();

    const steps = await q
      .selectFrom('registration_steps')
      .select(['step', 'draft', 'sent_at'])
      .where('registration_id', '=', sourceId)
      .where((eb) => eb.between('step', 1, 9))
      .where('draft', 'is not', null)
      .orderBy('step')
      .execute();
    // The files the drafts use, copied with new ids (the bytes chunk by chunk, in SQL).
    const assetIds = new Map<string, string>();
    for (const { step, draft } of steps) for (const assetId of assetIdsOf(step, draft)) if (!assetIds.has(assetId)) assetIds.set(assetId, randomUUID());
    let assets = 0;
    for (const [from, to] of assetIds) {
      const copied = await q
        .insertInto('assets')
        .columns(['id', 'registration_id', 'kind', 'file_name', 'content_type', 'byte_size', 'width', 'height', 'sha256'])
        .expression((eb) =>
          eb
            .selectFrom('assets')
            .select([eb.val(to).as('id'), eb.val(id).as('registration_id'), 'kind', 'file_name', 'content_type', 'byte_size', 'width', 'height', 'sha256'])
            .where('id', '=', from)
            .where('registration_id', '=', sourceId),
        )
        .returning('id')
        .execute();
      if (copied.length === 0) {
        assetIds.delete(from);
        continue;
      }
      await q
        .insertInto('asset_chunks')
        .columns(['asset_id', 'seq', 'bytes'])
        .expression((eb) => eb.selectFrom('asset_chunks').select([eb.val(to).as('asset_id'), 'seq', 'bytes']).where('asset_id', '=', from))
        .execute();
      assets++;
    }
    for (const { step, draft, sent_at } of steps) {
      const copy = nextVersionDraft(step, draft, assetIds, now);
      await q
        .insertInto('registration_steps')
        .values({ registration_id: id, step, draft: JSON.stringify(copy), draft_revision: 1, draft_saved_at: sql<Date>`now()`, sent_at })
        .execute();
    }
    // What Banqup holds, or may hold, for this application: in the order it was sent (a logo's
    // PUT replaces, so the order says which one is there).
    const copiedColumns = ['step', 'item_key', 'label', 'fingerprint', 'match', 'outcome', 'resolution', 'remote_id', 'response', 'error', 'started_at', 'finished_at', 'resolved_at'] as const;
    const ledger = await q
      .insertInto('ledger_items')
      .columns(['registration_id', ...copiedColumns])
      .expression((eb) =>
        eb
          .selectFrom('ledger_items')
          .select([eb.val(id).as('registration_id'), ...copiedColumns])
          .where('registration_id', '=', sourceId)
          .where((where) => where.or([where('outcome', '=', 'accepted'), where.and([where('outcome', '=', 'unknown'), where('resolution', 'is distinct from', 'absent')])]))
          .orderBy('id'),
      )
      .returning('id')
      .execute();
    return { ok: true, id, copied: { steps: steps.length, assets, ledger: ledger.length } };
  });
}
