import 'server-only';
import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Queryable } from '@/lib/db/db';
import { typed } from '@/lib/db/kysely';
import type { LedgerItemsTable } from '@/lib/db/schema';
import type { LedgerEntry, LedgerOutcome, LedgerResolution } from './holdings';

/**
 * The ledger's storage (table ledger_items, migration 0008) and the claims that keep two
 * sends of one step apart. Every item is written as `sending` before its call goes out and
 * gets its outcome as soon as its call ends, so a crash or a second send never loses track.
 */

const LEDGER_COLUMNS = ['id', 'step', 'item_key', 'label', 'fingerprint', 'match', 'outcome', 'resolution', 'remote_id', 'error', 'started_at', 'finished_at'] as const;

const toEntry = (row: Pick<Selectable<LedgerItemsTable>, (typeof LEDGER_COLUMNS)[number]>): LedgerEntry => ({
  id: row.id,
  step: row.step,
  itemKey: row.item_key,
  label: row.label,
  fingerprint: row.fingerprint,
  match: row.match,
  outcome: row.outcome,
  resolution: row.resolution,
  remoteId: row.remote_id,
  error: row.error,
  startedAt: row.started_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

export async function listLedger(db: Queryable, registrationId: string, step?: number): Promise<LedgerEntry[]> {
  let query = typed(db).selectFrom('ledger_items').select(LEDGER_COLUMNS).where('registration_id', '=', registrationId);
  if (step !== undefined) query = query.where('step', '=', step);
  return (await query.orderBy('id').execute()).map(toEntry);
}

/** One call about to go out: the item it sends and how the ledger recognises it. */
export type SendingEntry = { itemKey: string; label: string; fingerprint: string; match: Record<string, unknown> };

/**
 * Written before the calls go out: if the process dies now, the items read as unknown. One call
 * (`{ registrationId, step, ...entry }`: its ledger id) or several of one step, the calls that go
 * out together (`{ registrationId, step, entries }`: their ledger ids by item key), in one
 * statement. With a claim, only while that claim still holds the step (else nothing is written:
 * undefined, or an empty map; the caller must not send, another send has taken over).
 */
export async function recordSending(
  db: Queryable,
  sending: SendingEntry & { registrationId: string; step: number },
  claimId?: string,
): Promise<number | undefined>;
export async function recordSending(
  db: Queryable,
  sending: { registrationId: string; step: number; entries: readonly SendingEntry[] },
  claimId?: string,
): Promise<Map<string, number>>;
export async function recordSending(
  db: Queryable,
  sending: (SendingEntry | { entries: readonly SendingEntry[] }) & { registrationId: string; step: number },
  claimId?: string,
): Promise<number | undefined | Map<string, number>> {
  const entries = 'entries' in sending ? sending.entries : [sending];
  if (entries.length === 0) return new Map<string, number>();
  const { registrationId, step } = sending;
  // The entries travel as one JSON parameter, read back as rows in their order.
  const json = JSON.stringify(entries.map((entry, n) => ({ n, item_key: entry.itemKey, label: entry.label, fingerprint: entry.fingerprint, match: entry.match })));
  const recordset = sql<{ n: number; item_key: string; label: string; fingerprint: string; match: Record<string, unknown> }>`jsonb_to_recordset(${json}::jsonb)`.as<'x'>(
    sql`x(n int, item_key text, label text, fingerprint text, match jsonb)`,
  );
  const rows = await typed(db)
    .insertInto('ledger_items')
    .columns(['registration_id', 'step', 'item_key', 'label', 'fingerprint', 'match', 'outcome'])
    .expression((eb) => {
      const select = eb
        .selectFrom(recordset)
        .select([eb.val(registrationId).as('registration_id'), eb.val(step).as('step'), 'x.item_key', 'x.label', 'x.fingerprint', 'x.match', eb.val('sending').as('outcome')])
        .orderBy('x.n');
      // With a claim, only while it holds the step.
      return claimId === undefined
        ? select
        : select.where(({ exists, selectFrom }) =>
            exists(
              selectFrom('registration_steps')
                .select(sql.lit(1).as('held'))
                .where('registration_id', '=', registrationId)
                .where('step', '=', step)
                .where('claim_id', '=', claimId)
                .where('claim_expires_at', '>', sql<Date>`now()`),
            ),
          );
    })
    .returning(['id', 'item_key'])
    .execute();
  const written = new Map(rows.map((row) => [row.item_key, row.id]));
  return 'entries' in sending ? written : written.get(sending.itemKey);
}

/** Takes back what recordSending wrote for a call that never went out (the server began to stop first). */
export async function unrecordSending(db: Queryable, id: number): Promise<void> {
  await typed(db).deleteFrom('ledger_items').where('id', '=', id).where('outcome', '=', 'sending').execute();
}

/** The call ended: its outcome, written as soon as it is known. */
export async function recordOutcome(
  db: Queryable,
  id: number,
  outcome: { outcome: Exclude<LedgerOutcome, 'sending'>; remoteId?: string | null; response?: unknown; error?: string | null },
): Promise<void> {
  await typed(db)
    .updateTable('ledger_items')
    .set({
      outcome: outcome.outcome,
      remote_id: outcome.remoteId ?? null,
      response: JSON.stringify(outcome.response ?? null),
      error: outcome.error ?? null,
      finished_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Settles an unknown outcome: found at Banqup, not found, or sent again on purpose (which a
 * later read of the application may still settle as found or not).
 */
export async function resolveUnknown(db: Queryable, registrationId: string, id: number, resolution: LedgerResolution, remoteId?: string | null): Promise<boolean> {
  const rows = await typed(db)
    .updateTable('ledger_items')
    // A remote id already known stays when none is given.
    .set({ resolution, resolved_at: sql<Date>`now()`, ...(remoteId != null ? { remote_id: remoteId } : {}) })
    .where('id', '=', id)
    .where('registration_id', '=', registrationId)
    .where('outcome', '=', 'unknown')
    // Unsettled, or sent again and now found (or not) at Banqup.
    .where((eb) => (resolution === 'resent' ? eb('resolution', 'is', null) : eb.or([eb('resolution', 'is', null), eb('resolution', '=', 'resent')])))
    .returning('id')
    .execute();
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------
// Claims: one send of a step at a time, kept alive while it runs.

/** How long a claim lives without being renewed: a dead sender's claim frees itself. */
export const CLAIM_TTL_SECONDS = 60;
/** How often a running send renews its claim. */
export const CLAIM_RENEW_MS = 15_000;

export type Claim = {
  id: string;
  /** False once a renewal found the claim gone (expired and taken): stop sending. */
  held(): boolean;
  release(): Promise<void>;
  /** The claim was released by a statement of the caller's (finishSend): stop renewing it. */
  releasedBy(): void;
};

/**
 * Claims a step (step 1: the draft creation) for one send, or answers undefined when another
 * send holds it. Taking an expired claim means its sender died (or lost touch with the
 * database): the items it left `sending` become unknown (they may have reached Banqup).
 */
export async function claimStep(db: Queryable, registrationId: string, step: number, options: { renewMs?: number } = {}): Promise<Claim | undefined> {
  const id = randomUUID();
  // One statement: the step's row made if it has none, the claim taken if nobody holds it (or
  // its holder let it expire), and only then the expired sender's `sending` items made unknown.
  const expiresAt = sql<Date>`now() + make_interval(secs => ${CLAIM_TTL_SECONDS})`;
  const claimed = await typed(db)
    .with('taken', (cte) =>
      cte
        .insertInto('registration_steps')
        .values({ registration_id: registrationId, step, claim_id: id, claim_expires_at: expiresAt })
        .onConflict((conflict) =>
          conflict
            .columns(['registration_id', 'step'])
            .doUpdateSet((eb) => ({ claim_id: eb.ref('excluded.claim_id'), claim_expires_at: eb.ref('excluded.claim_expires_at') }))
            .where((eb) => eb.or([eb('registration_steps.claim_id', 'is', null), eb('registration_steps.claim_expires_at', '<', sql<Date>`now()`)])),
        )
        .returning('step'),
    )
    .with('interrupted', (cte) =>
      // Whatever is still "sending" for this step belongs to a sender that is gone.
      cte
        .updateTable('ledger_items')
        .set({
          outcome: 'unknown',
          finished_at: sql<Date>`now()`,
          error: 'The send was interrupted (the server stopped or lost its claim) before Banqup answered.',
        })
        .where('registration_id', '=', registrationId)
        .where('step', '=', step)
        .where('outcome', '=', 'sending')
        .where(({ exists, selectFrom }) => exists(selectFrom('taken').select(sql.lit(1).as('one')))),
    )
    .selectNoFrom(({ exists, selectFrom }) => exists(selectFrom('taken').select(sql.lit(1).as('one'))).as('taken'))
    .executeTakeFirst();
  if (!claimed?.taken) return undefined;
  let held = true;
  const renew = setInterval(() => {
    void typed(db)
      .updateTable('registration_steps')
      .set({ claim_expires_at: expiresAt })
      .where('registration_id', '=', registrationId)
      .where('step', '=', step)
      .where('claim_id', '=', id)
      .returning('step')
      .execute()
      .then((rows) => {
        if (rows.length === 0) held = false;
      })
      // A failed renewal is not a lost claim yet: the next one may succeed before it expires,
      // and recordSending checks the claim in the database before every call anyway.
      .catch(() => undefined);
  }, options.renewMs ?? CLAIM_RENEW_MS);
  renew.unref?.();
  let released = false;
  return {
    id,
    held: () => held,
    releasedBy() {
      clearInterval(renew);
      held = false;
      released = true;
    },
    async release() {
      clearInterval(renew);
      held = false;
      if (released) return;
      released = true;
      await typed(db)
        .updateTable('registration_steps')
        .set({ claim_id: null, claim_expires_at: null })
        .where('registration_id', '=', registrationId)
        .where('step', '=', step)
        .where('claim_id', '=', id)
        .execute();
    },
  };
}
