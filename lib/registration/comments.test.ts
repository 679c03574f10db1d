/**
 * Reviewers' comments and the answers an approval keeps, in the database (PGlite, and
 * PostgreSQL when TEST_DATABASE_URL is set): stored with the sign-off, listed open until
 * resolved (who, when), gone from the badges once resolved; the comparison with the approval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, openTestDb } from '@/test/databases';
import type { Db } from '@/lib/db/db';
import { listReviewComments, openCommentsByStep, resolveReviewComment } from './comments';
import { archiveRegistration, createRegistration, getRegistration, listRegistrations, saveDraft, setSecret } from './repository';
import { changesSinceApproval, recordSignOff } from './sign-off';

const RITA = { reviewer: 'Rita', reviewerId: 'rita@corp.example', reviewerVerified: true };
const ED = { id: 'ed@corp.example', name: 'Ed' };

describe.each(DRIVERS)('review comments on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name);
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('a request for changes pointed at a step is stored with its sign-off, listed until resolved, then recorded as resolved', async () => {
    const id = await createRegistration(db);
    const { signOff, comment } = await recordSignOff(db, id, { ...RITA, decision: 'changes_requested', comment: 'Put the inbox first.', pointedAt: { step: 4, field: 'media' } });
    expect(comment).toMatchObject({ signOffId: signOff.id, step: 4, field: 'media', body: 'Put the inbox first.', author: 'Rita', authorId: 'rita@corp.example', resolvedAt: null });
    // Without a step: a sign-off only.
    expect((await recordSignOff(db, id, { ...RITA, decision: 'changes_requested', comment: 'General remark' })).comment).toBeUndefined();

    expect(await openCommentsByStep(db, id)).toEqual({ 4: 1 });
    expect((await getRegistration(db, id))?.openCommentSteps).toEqual([4]);
    expect((await listReviewComments(db, id, { step: 4 })).map((item) => item.body)).toEqual(['Put the inbox first.']);
    expect(await listReviewComments(db, id, { step: 2 })).toEqual([]);

    expect(await resolveReviewComment(db, id, comment!.id, ED)).toBe(true);
    expect(await resolveReviewComment(db, id, comment!.id, ED)).toBe(false);
    expect(await openCommentsByStep(db, id)).toEqual({});
    expect((await getRegistration(db, id))?.openCommentSteps).toEqual([]);
    expect(await listReviewComments(db, id)).toEqual([]);
    const [resolved] = await listReviewComments(db, id, { all: true });
    expect(resolved).toMatchObject({ resolvedBy: 'Ed', resolvedAt: expect.any(Date) });
    const [stored] = await db.query<{ resolved_by_id: string }>('SELECT resolved_by_id FROM review_comments WHERE id = $1', [comment!.id]);
    expect(stored?.resolved_by_id).toBe('ed@corp.example');
  });

  it.skipIf(!available)('a comment is resolved only within its own registration; the list shows open ones per registration, archived too', async () => {
    const one = await createRegistration(db);
    const other = await createRegistration(db);
    const { comment } = await recordSignOff(db, one, { ...RITA, decision: 'changes_requested', comment: 'Fix the brand', pointedAt: { step: 7, field: null } });
    await recordSignOff(db, one, { ...RITA, decision: 'changes_requested', comment: 'And the countries', pointedAt: { step: 8, field: 'countries' } });
    await recordSignOff(db, one, { ...RITA, decision: 'changes_requested', comment: 'Brand again', pointedAt: { step: 7, field: 'brandName' } });
    expect(await resolveReviewComment(db, other, comment!.id, ED)).toBe(false);
    await db.query("UPDATE registrations SET name = 'Commented app' WHERE id = $1", [one]);
    const listed = (await listRegistrations(db, { search: 'Commented app' })).rows.find((row) => row.id === one);
    expect(listed?.openCommentSteps).toEqual([7, 7, 8]);
    expect(await openCommentsByStep(db, one)).toEqual({ 7: 2, 8: 1 });
    await archiveRegistration(db, one, ED);
    expect((await listRegistrations(db, { search: 'Commented app', archived: true })).rows[0]?.openCommentSteps).toEqual([7, 7, 8]);
  });

  it.skipIf(!available)('an approval keeps the answers it saw: the comparison names each changed field, old and new', async () => {
    const id = await createRegistration(db);
    expect(await changesSinceApproval(db, id)).toEqual({ kind: 'no-approval' });
    await saveDraft(db, id, 7, { brandName: 'Banqup' });
    await saveDraft(db, id, 8, { countries: ['BE'] });
    await setSecret(db, id, 'appCallbacks.authorizationHeader', 'Bearer kept-secret-99');
    await recordSignOff(db, id, { ...RITA, decision: 'approved', comment: '' });
    const [kept] = await db.query<{ answers: unknown }>("SELECT answers FROM sign_offs WHERE registration_id = $1 AND decision = 'approved'", [id]);
    expect(JSON.stringify(kept?.answers)).not.toContain('kept-secret-99');
    expect(await changesSinceApproval(db, id)).toMatchObject({ kind: 'compared', approval: { reviewer: 'Rita' }, steps: [] });

    await saveDraft(db, id, 7, { brandName: 'ALL' });
    // A request for changes keeps no answers: the comparison stays with the approval.
    await recordSignOff(db, id, { ...RITA, decision: 'changes_requested', comment: 'Why ALL?' });
    expect(await changesSinceApproval(db, id)).toMatchObject({
      kind: 'compared',
      steps: [{ step: 7, changes: [{ label: 'Brand', before: 'Banqup', after: 'ALL' }] }],
    });
  });

  it.skipIf(!available)('an approval given before the answers were kept says so', async () => {
    const id = await createRegistration(db);
    await db.query(
      `INSERT INTO sign_offs (id, registration_id, decision, reviewer, registration_revision) VALUES (gen_random_uuid(), $1, 'approved', 'Old Reviewer', 0)`,
      [id],
    );
    expect(await changesSinceApproval(db, id)).toMatchObject({ kind: 'not-kept', approval: { reviewer: 'Old Reviewer' } });
  });
});
