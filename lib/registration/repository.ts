import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '@/lib/db/db';
import type { AttemptRecord } from '@/lib/banqup/http';
import type { RegistrationStatus } from './steps';

export type RegistrationSummary = {
  id: string;
  name: string;
  namespace: string;
  applicationId: string | null;
  status: RegistrationStatus;
  createdAt: Date;
  updatedAt: Date;
  stepsSent: number;
};

type RegistrationRow = {
  id: string;
  name: string;
  namespace: string;
  application_id: string | null;
  status: RegistrationStatus;
  created_at: Date;
  updated_at: Date;
  steps_sent: number;
};

const toSummary = (row: RegistrationRow): RegistrationSummary => ({
  id: row.id,
  name: row.name,
  namespace: row.namespace,
  applicationId: row.application_id,
  status: row.status,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  stepsSent: row.steps_sent,
});

const SUMMARY_SELECT = `
  SELECT r.id, r.name, r.namespace, r.application_id, r.status, r.created_at, r.updated_at,
         (SELECT count(*)::int FROM registration_steps s WHERE s.registration_id = r.id AND s.sent_at IS NOT NULL) AS steps_sent
  FROM registrations r`;

export async function createRegistration(db: Queryable): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO registrations (id) VALUES ($1)', [id]);
  return id;
}

export async function listRegistrations(db: Queryable): Promise<RegistrationSummary[]> {
  return (await db.query<RegistrationRow>(`${SUMMARY_SELECT} ORDER BY r.updated_at DESC LIMIT 500`)).map(toSummary);
}

export async function getRegistration(db: Queryable, id: string): Promise<RegistrationSummary | undefined> {
  const [row] = await db.query<RegistrationRow>(`${SUMMARY_SELECT} WHERE r.id = $1`, [id]);
  return row ? toSummary(row) : undefined;
}

/** Writes one attempt of a Banqup call to the journal (already redacted by the client). */
export async function recordApiCall(
  db: Queryable,
  entry: AttemptRecord & { registrationId: string | null; step: number | null; itemKey?: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO api_calls (registration_id, step, item_key, method, path, request, status, response, error, request_id, duration_ms, attempt)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, $9, $10, $11, $12)`,
    [
      entry.registrationId,
      entry.step,
      entry.itemKey ?? null,
      entry.method,
      entry.path,
      JSON.stringify(entry.request ?? null),
      entry.status,
      JSON.stringify(entry.response ?? null),
      entry.error,
      entry.requestId,
      entry.durationMs,
      entry.attempt,
    ],
  );
}

export type JournalEntry = AttemptRecord & { id: number; step: number | null; itemKey: string | null; createdAt: Date };

export async function listApiCalls(db: Queryable, registrationId: string): Promise<JournalEntry[]> {
  const rows = await db.query<{
    id: number;
    step: number | null;
    item_key: string | null;
    method: string;
    path: string;
    request: unknown;
    status: number | null;
    response: unknown;
    error: string | null;
    request_id: string | null;
    duration_ms: number;
    attempt: number;
    created_at: Date;
  }>('SELECT * FROM api_calls WHERE registration_id = $1 ORDER BY id DESC', [registrationId]);
  return rows.map((row) => ({
    id: row.id,
    step: row.step,
    itemKey: row.item_key,
    method: row.method,
    path: row.path,
    request: row.request,
    status: row.status,
    response: row.response,
    error: row.error,
    requestId: row.request_id,
    durationMs: row.duration_ms,
    attempt: row.attempt,
    createdAt: row.created_at,
  }));
}

/** Saves a step's draft. Returns the new draft revision. */
export async function saveDraft(db: Queryable, registrationId: string, step: number, draft: unknown): Promise<number> {
  const [row] = await db.query<{ draft_revision: number }>(
    `INSERT INTO registration_steps (registration_id, step, draft, draft_revision, draft_saved_at)
     VALUES ($1, $2, $3::jsonb, 1, now())
     ON CONFLICT (registration_id, step)
     DO UPDATE SET draft = EXCLUDED.draft, draft_revision = registration_steps.draft_revision + 1, draft_saved_at = now()
     RETURNING draft_revision`,
    [registrationId, step, JSON.stringify(draft)],
  );
  await db.query('UPDATE registrations SET updated_at = now(), revision = revision + 1 WHERE id = $1', [registrationId]);
  return row?.draft_revision ?? 0;
}

export async function getDraft(db: Queryable, registrationId: string, step: number): Promise<{ draft: unknown; revision: number } | undefined> {
  const [row] = await db.query<{ draft: unknown; draft_revision: number }>(
    'SELECT draft, draft_revision FROM registration_steps WHERE registration_id = $1 AND step = $2',
    [registrationId, step],
  );
  return row ? { draft: row.draft, revision: row.draft_revision } : undefined;
}
