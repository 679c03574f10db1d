import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/db';
import { openTestDb } from '@/test/databases';
import { isReviewLinkPath } from './access';
import { createRegistration, saveDraft } from './repository';
import { addSignOff, createReviewLink, currentRevision, listReviewLinks, listSignOffs, resolveReviewLink, revokeReviewLink, revokeReviewLinks } from './review';

let db: Db;
beforeAll(async () => {
  db = await openTestDb('pglite');
});
afterAll(async () => db.close());

describe('sign-offs', () => {
  it('an approval records the revision it saw; a later real change makes it stale, an identical save does not', async () => {
    const id = await createRegistration(db);
    await saveDraft(db, id, 7, { brandName: 'Banqup' });
    const approval = await addSignOff(db, id, { decision: 'approved', reviewer: 'Rita', reviewerId: null, reviewerVerified: false, comment: '' });
    expect(approval.registrationRevision).toBe(await currentRevision(db, id));

    await saveDraft(db, id, 7, { brandName: 'Banqup' }); // autosave of the same values
    expect(await currentRevision(db, id)).toBe(approval.registrationRevision);

    await saveDraft(db, id, 7, { brandName: 'ALL' });
    expect(await currentRevision(db, id)).toBeGreaterThan(approval.registrationRevision);
    const [latest] = await listSignOffs(db, id);
    expect(latest?.id).toBe(approval.id);
  });

  it('keeps every sign-off, newest first', async () => {
    const id = await createRegistration(db);
    await addSignOff(db, id, { decision: 'changes_requested', reviewer: 'A', reviewerId: null, reviewerVerified: false, comment: 'Fix the logo' });
    await addSignOff(db, id, { decision: 'approved', reviewer: 'B', reviewerId: null, reviewerVerified: true, comment: '' });
    expect((await listSignOffs(db, id)).map((s) => s.reviewer)).toEqual(['B', 'A']);
  });

  it('keeps the order they were given even within one clock tick (PGlite’s clock ticks in milliseconds)', async () => {
    const id = await createRegistration(db);
    const reviewers = Array.from({ length: 12 }, (_, i) => `R${i}`);
    await db.transaction(async (tx) => {
      // One transaction: every created_at is the same now().
      for (const reviewer of reviewers) await addSignOff(tx, id, { decision: 'approved', reviewer, reviewerId: null, reviewerVerified: false, comment: '' });
    });
    expect((await listSignOffs(db, id)).map((s) => s.reviewer)).toEqual([...reviewers].reverse());
  });
});

describe('review links', () => {
  it('resolve while active, and not after they are revoked; only a hash is stored', async () => {
    const id = await createRegistration(db);
    const { token } = await createReviewLink(db, id, 'alice@corp.example');
    expect(await resolveReviewLink(db, token)).toBe(id);
    expect(await resolveReviewLink(db, `${token}x`)).toBeUndefined();
    expect(await resolveReviewLink(db, '../../etc/passwd')).toBeUndefined();
    const stored = await db.query<{ token_sha256: string }>('SELECT token_sha256 FROM review_links WHERE registration_id = $1', [id]);
    expect(stored[0]?.token_sha256).not.toContain(token);
    expect(await revokeReviewLinks(db, id)).toBe(1);
    expect(await resolveReviewLink(db, token)).toBeUndefined();
  });

  it('expire after their time, and can be revoked one by one', async () => {
    const id = await createRegistration(db);
    const first = await createReviewLink(db, id, 'alice@corp.example');
    const second = await createReviewLink(db, id, 'alice@corp.example');
    expect(first.expiresAt.getTime() - Date.now()).toBeGreaterThan(13.9 * 24 * 3600_000);
    const links = await listReviewLinks(db, id);
    expect(links).toHaveLength(2);
    // Revoke the first only: the second still works.
    const firstId = createHash('sha256').update(first.token).digest('hex').slice(0, 12);
    expect(await revokeReviewLink(db, id, firstId)).toBe(true);
    expect(await revokeReviewLink(db, id, firstId)).toBe(false);
    expect(await resolveReviewLink(db, first.token)).toBeUndefined();
    expect(await resolveReviewLink(db, second.token)).toBe(id);
    // Another registration's link cannot be revoked through this one.
    const other = await createRegistration(db);
    const theirs = await createReviewLink(db, other, 'alice@corp.example');
    expect(await revokeReviewLink(db, id, createHash('sha256').update(theirs.token).digest('hex').slice(0, 12))).toBe(false);
    // Past its time, a link opens nothing.
    await db.query("UPDATE review_links SET expires_at = now() - interval '1 second' WHERE registration_id = $1", [other]);
    expect(await resolveReviewLink(db, theirs.token)).toBeUndefined();
    expect(await listReviewLinks(db, other)).toEqual([]);
  });

  it('a server action posted from a review page is recognised as read-only', () => {
    expect(isReviewLinkPath('http://wizard.internal/review/abcdefabcdefabcdefabcdef')).toBe(true);
    expect(isReviewLinkPath('http://wizard.internal/registrations/1/summary')).toBe(false);
    expect(isReviewLinkPath(null)).toBe(false);
  });
});
