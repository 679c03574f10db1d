import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/db/db';
import { openTestDb } from '@/test/databases';
import { checkDecision, notReady, notReadyDigest, type NotReadyItem } from './decision';
import { createRegistration, saveDraft } from './repository';
import { addSignOff, changersSince, listEvents, recordStatus } from './review';
import type { ReadinessItem } from './readiness';

const approval = (stale: boolean) => ({ decision: 'approved' as const, reviewer: 'Rita', stale });
const check = (id: string, level: ReadinessItem['level'], label: string): ReadinessItem => ({ id, level, label, step: 2 });

describe('step 10: what is not ready', () => {
  it('lists blockers first (no fresh approval, checklist errors), then warnings', () => {
    const items = notReady({ signOffs: [], checklist: [check('logo', 'warning', 'Logo is small'), check('info', 'error', 'No description'), check('ok', 'ok', 'Fine')] } as never);
    expect(items.map((item) => `${item.level}:${item.id}`)).toEqual(['blocker:sign-off:none', 'blocker:check:info', 'warning:check:logo']);
    expect(notReady({ signOffs: [approval(true)], checklist: [] } as never)[0]?.label).toMatch(/stale/);
    expect(notReady({ signOffs: [approval(false)], checklist: [] } as never)).toEqual([]);
  });

  const blockers: NotReadyItem[] = [{ id: 'check:info', level: 'blocker', label: 'No description.' }];
  const warnings: NotReadyItem[] = [{ id: 'check:logo', level: 'warning', label: 'Logo is small.' }];

  it('asks for a confirmation of the list as it is now', () => {
    const first = checkDecision('in_review', 'submitted', warnings, {});
    expect(first).toMatchObject({ ok: false, digest: notReadyDigest(warnings, 'submitted') });
    // Confirmed against another list (it changed meanwhile): asked again.
    expect(checkDecision('in_review', 'submitted', [...warnings, ...blockers], { digest: notReadyDigest(warnings, 'submitted') }).ok).toBe(false);
    const done = checkDecision('in_review', 'submitted', warnings, { digest: notReadyDigest(warnings, 'submitted') });
    expect(done).toEqual({ ok: true, note: 'Warnings seen: Logo is small.' });
  });

  it('refuses while blockers remain, unless overridden with a written reason kept in the note', () => {
    const digest = notReadyDigest(blockers, 'submitted');
    expect(checkDecision('in_review', 'submitted', blockers, { digest })).toMatchObject({ ok: false, message: expect.stringMatching(/^Not ready: No description\. .*written reason/) });
    expect(checkDecision('in_review', 'submitted', blockers, { digest, override: 'because' }).ok).toBe(false);
    const done = checkDecision('in_review', 'submitted', blockers, { digest, override: 'Banqup asked for it today by phone' });
    expect(done).toEqual({ ok: true, note: 'Recorded despite: No description. Reason: Banqup asked for it today by phone' });
  });

  it('keeps the order of statuses', () => {
    expect(checkDecision('in_progress', 'published', [], {})).toMatchObject({ ok: false, message: 'A registration in progress cannot become published.' });
    expect(checkDecision('submitted', 'in_progress', blockers, {})).toEqual({ ok: true, note: '' });
  });
});

describe('four eyes: who changed the registration since the last approval', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb('pglite');
  });
  afterAll(async () => db.close());

  it('names each person who made a real change after the approved revision, with the steps', async () => {
    const id = await createRegistration(db);
    const ed = { id: 'ed@corp.example', name: 'Ed' };
    const rita = { id: 'rita@corp.example', name: 'Rita' };
    await saveDraft(db, id, 2, { locales: [] }, undefined, ed);
    await saveDraft(db, id, 7, { brandName: 'Banqup' }, undefined, ed);
    expect((await changersSince(db, id, 0)).map((c) => [c.id, c.steps])).toEqual([['ed@corp.example', [2, 7]]]);

    const signed = await addSignOff(db, id, { decision: 'approved', reviewer: 'Rita', reviewerId: rita.id, reviewerVerified: true, comment: '' });
    expect(await changersSince(db, id, signed.registrationRevision)).toEqual([]);
    // The same values again change nothing; a real change by Rita makes her a changer.
    await saveDraft(db, id, 7, { brandName: 'Banqup' }, undefined, ed);
    await saveDraft(db, id, 7, { brandName: 'ALL' }, undefined, rita);
    expect((await changersSince(db, id, signed.registrationRevision)).map((c) => c.id)).toEqual(['rita@corp.example']);
  });

  it('records who moved the status, and why', async () => {
    const id = await createRegistration(db);
    await recordStatus(db, id, 'in_review', { id: 'ada@corp.example', name: 'Ada' }, 'First sign-off');
    expect(await listEvents(db, id)).toMatchObject([{ status: 'in_review', actor: 'Ada', actorId: 'ada@corp.example', note: 'First sign-off' }]);
  });
});
