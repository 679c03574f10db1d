import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/db/db';
import type { LedgerEntry, LedgerOutcome, LedgerResolution } from './holdings';

/**
 * The ledger's storage (table ledger_items, migration 0008) and the claims that keep two
 * sends of one step apart. Every item is written as `sending` before its call goes out and
 * gets its outcome as soon as its call ends, so a crash or a second send never loses track.
 */

type LedgerRow = {
  id: string | number;
  step: number;
  item_key: string;
  label: string;
  fingerprint: string;
  match: Record<string, unknown> | null;
  outcome: LedgerOutcome;
  resolution: LedgerResolution | null;
  remote_id: string | null;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
};

const toEntry = (row: LedgerRow): LedgerEntry => ({
  id: Number(row.id),
  step: row.step,
  itemKey: row.item_key,
  label: row.label,
  fingerprint: row.fingerprint,
  match: row.match ?? {},
  outcome: row.outcome,
  resolution: row.resolution,
  remoteId: row.remote_id,
  error: row.error,
  startedAt: row.started_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

export async function listLedger(db: Queryable, registrationId: string, step?: number): Promise<LedgerEntry[]> {
  const rows = await db.query<LedgerRow>(
    `SELECT id, step, item_key, label, fingerprint, match, outcome, resolution, remote_id, error, started_at, finished_at
     FROM ledger_items WHERE registration_id = $1${step === undefined ? '' : ' AND step = $2'} ORDER BY id`,
    step === undefined ? [registrationId] : [registrationId, step],
  );
  return rows.map(toEntry);
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
  const rows =
    entries.length === 0
      ? []
      : await db.query<{ id: string | number; item_key: string }>(
          `INSERT INTO ledger_items (registration_id, step, item_key, label, fingerprint, match, outcome)
           SELECT $1, $2, x.item_key, x.label, x.fingerprint, x.match, 'sending'
           FROM jsonb_to_recordset($3::jsonb) AS x(n int, item_key text, label text, fingerprint text, match jsonb)
           WHERE $4::uuid IS NULL OR EXISTS (
             SELECT 1 FROM registration_steps
             WHERE registration_id = $1 AND step = $2 AND claim_id = $4::uuid AND claim_expires_at > now())
           ORDER BY x.n
           RETURNING id, item_key`,
          [
            sending.registrationId,
            sending.step,
            JSON.stringify(entries.map((entry, n) => ({ n, item_key: entry.itemKey, label: entry.label, fingerprint: entry.fingerprint, match: entry.match }))),
            claimId ?? null,
          ],
        );
  const written = new Map(rows.map((row) => [row.item_key, Number(row.id)]));
  return 'entries' in sending ? written : written.get(sending.itemKey);
}

/** Takes back what recordSending wrote for a call that never went out (the server began to stop first). */
export async function unrecordSending(db: Queryable, id: number): Promise<void> {
  await db.query("DELETE FROM ledger_items WHERE id = $1 AND outcome = 'sending'", [id]);
}

/** The call ended: its outcome, written as soon as it is known. */
export async function recordOutcome(
  db: Queryable,
  id: number,
  outcome: { outcome: Exclude<LedgerOutcome, 'sending'>; remoteId?: string | null; response?: unknown; error?: string | null },
): Promise<void> {
  await db.query(
    `UPDATE ledger_items SET outcome = $2, remote_id = $3, response = $4::jsonb, error = $5, finished_at = now() WHERE id = $1`,
    [id, outcome.outcome, outcome.remoteId ?? null, JSON.stringify(outcome.response ?? null), outcome.error ?? null],
  );
}

/**
 * Settles an unknown outcome: found at Banqup, not found, or sent again on purpose (which a
 * later read of the application may still settle as found or not).
 */
export async function resolveUnknown(db: Queryable, registrationId: string, id: number, resolution: LedgerResolution, remoteId?: string | null): Promise<boolean> {
  const rows = await db.query(
    `UPDATE ledger_items SET resolution = $3, resolved_at = now(), remote_id = coalesce($4, remote_id)
     WHERE id = $1 AND registration_id = $2 AND outcome = 'unknown'
       AND (resolution IS NULL OR (resolution = 'resent' AND $3 IN ('present', 'absent'))) RETURNING id`,
    [id, registrationId, resolution, remoteId ?? null],
  );
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
  const [claimed] = await db.query<{ taken: boolean }>(
    `WITH taken AS (
       INSERT INTO registration_steps (registration_id, step, claim_id, claim_expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (registration_id, step) DO UPDATE SET claim_id = EXCLUDED.claim_id, claim_expires_at = EXCLUDED.claim_expires_at
       WHERE registration_steps.claim_id IS NULL OR registration_steps.claim_expires_at < now()
       RETURNING step
     ), interrupted AS (
       -- Whatever is still "sending" for this step belongs to a sender that is gone.
       UPDATE ledger_items SET outcome = 'unknown', finished_at = now(),
         error = 'The send was interrupted (the server stopped or lost its claim) before Banqup answered.'
       WHERE registration_id = $1 AND step = $2 AND outcome = 'sending' AND EXISTS (SELECT 1 FROM taken)
     )
     SELECT EXISTS (SELECT 1 FROM taken) AS taken`,
    [registrationId, step, id, CLAIM_TTL_SECONDS],
  );
  if (!claimed?.taken) return undefined;
  let held = true;
  const renew = setInterval(() => {
    void db
      .query(
        `UPDATE registration_steps SET claim_expires_at = now() + make_interval(secs => $4)
         WHERE registration_id = $1 AND step = $2 AND claim_id = $3 RETURNING step`,
        [registrationId, step, id, CLAIM_TTL_SECONDS],
      )
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
      await db.query('UPDATE registration_steps SET claim_id = NULL, claim_expires_at = NULL WHERE registration_id = $1 AND step = $2 AND claim_id = $3', [
        registrationId,
        step,
        id,
      ]);
    },
  };
}
