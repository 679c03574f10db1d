/**
 * The sign-off and comment actions (lib/registration/review-actions.ts) behind an
 * authenticating proxy: who may request changes and who may resolve, checked by the server
 * with the identity the request carries; input checked; archived registrations refused.
 */
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stampRequest } from '@/lib/server/request-hook';
import { openTestDb } from '@/test/databases';

type Actions = typeof import('@/lib/registration/review-actions');
type Comments = typeof import('./comments');
type Repo = typeof import('./repository');
type Db = Awaited<ReturnType<typeof import('@/lib/db')['getDb']>>;

const PROXY = '10.0.0.5';
const PEOPLE = {
  ed: [['X-Forwarded-Email', 'ed@corp.example'], ['X-Forwarded-Groups', 'store-editors']],
  rita: [['X-Forwarded-Email', 'rita@corp.example'], ['X-Forwarded-Groups', 'store-reviewers']],
  viv: [['X-Forwarded-Email', 'viv@corp.example'], ['X-Forwarded-Groups', 'store-viewers']],
} as const;

/** The request's headers as the request hook stamps them: the proxy's connection, a person's headers. */
function stamped(rawHeaders: readonly (readonly [string, string])[], referer?: string): Headers {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: PROXY });
  Object.defineProperty(socket, 'localAddress', { value: '127.0.0.1' });
  const req = new IncomingMessage(socket);
  const all = referer ? [...rawHeaders, ['Referer', referer] as const] : rawHeaders;
  req.rawHeaders = all.flatMap(([name, value]) => [name, value]);
  Object.defineProperty(req, 'headers', { value: Object.fromEntries(all.map(([name, value]) => [name.toLowerCase(), value])), writable: true });
  stampRequest(req);
  return new Headers(req.headers as Record<string, string>);
}

let current = new Headers();
const as = (who: keyof typeof PEOPLE, referer?: string) => {
  current = stamped(PEOPLE[who], referer);
};

let actions: Actions;
let comments: Comments;
let repo: Repo;
let db: Db;
const globals = globalThis as Record<string, unknown>;

beforeAll(async () => {
  vi.stubEnv('AUTH_MODE', 'proxy');
  vi.stubEnv('AUTH_PROXY_PRESET', 'oauth2-proxy');
  vi.stubEnv('TRUSTED_PROXIES', `${PROXY}/32`);
  vi.stubEnv('ROLE_EDITORS', 'group:store-editors');
  vi.stubEnv('ROLE_REVIEWERS', 'group:store-reviewers');
  vi.stubEnv('ROLE_ADMINS', '');
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('DATA_DIR', 'memory://');
  // The app's database (getDb) is a fresh in-memory one from the tests' pool (test/databases.ts).
  globals.__dbPromise = openTestDb('pglite');
  vi.doMock('next/headers', () => ({ headers: async () => current }));
  actions = await import('@/lib/registration/review-actions');
  comments = await import('./comments');
  repo = await import('./repository');
  db = await (await import('@/lib/db')).getDb();
});

afterAll(async () => {
  await db.close();
  delete globals.__dbPromise;
  vi.unstubAllEnvs();
});

const request = (registrationId: string, extra: Record<string, unknown> = {}) => ({ registrationId, decision: 'changes_requested', comment: 'Put the inbox first.', step: 4, field: 'media', ...extra });

describe('requesting changes pointed at a step', () => {
  it('is a reviewer’s: an editor or a person with no reviewer role is refused, and nothing is stored', async () => {
    const id = await repo.createRegistration(db);
    as('ed');
    expect(await actions.signOff(request(id))).toMatchObject({ ok: false, message: expect.stringContaining('who is not a reviewer here') });
    as('viv');
    expect(await actions.signOff(request(id))).toMatchObject({ ok: false });
    expect(await comments.listReviewComments(db, id, { all: true })).toEqual([]);

    as('rita');
    expect(await actions.signOff(request(id))).toMatchObject({ ok: true, message: expect.stringContaining('step 4, Media') });
    expect(await comments.listReviewComments(db, id)).toMatchObject([{ step: 4, field: 'media', author: 'rita@corp.example', authorId: 'rita@corp.example' }]);
  });

  it('checks what it is given: a field of another step, a step out of range, an empty comment', async () => {
    const id = await repo.createRegistration(db);
    as('rita');
    expect(await actions.signOff(request(id, { field: 'brandName' }))).toMatchObject({ ok: false, fieldErrors: { field: expect.any(Array) } });
    expect(await actions.signOff(request(id, { step: 10, field: undefined }))).toMatchObject({ ok: false });
    expect(await actions.signOff(request(id, { step: '4' }))).toMatchObject({ ok: false });
    expect(await actions.signOff(request(id, { comment: '  ' }))).toMatchObject({ ok: false, fieldErrors: { comment: expect.any(Array) } });
    expect(await comments.listReviewComments(db, id, { all: true })).toEqual([]);
  });

  it('is refused from a read-only review link and on an archived registration', async () => {
    const id = await repo.createRegistration(db);
    as('rita', 'http://127.0.0.1/review/some-token-of-enough-length');
    expect(await actions.signOff(request(id))).toMatchObject({ ok: false, message: 'This review link is read-only.' });
    await repo.archiveRegistration(db, id, { id: 'ed@corp.example', name: 'Ed' });
    as('rita');
    expect(await actions.signOff(request(id))).toMatchObject({ ok: false, message: repo.ARCHIVED_MESSAGE });
    expect(await comments.listReviewComments(db, id, { all: true })).toEqual([]);
  });
});

describe('resolving a comment', () => {
  it('is for whoever can edit: a reviewer-only person is refused; the editor resolves it, recorded with their name; then it is gone', async () => {
    const id = await repo.createRegistration(db);
    as('rita');
    await actions.signOff(request(id));
    const [open] = await comments.listReviewComments(db, id);
    expect(await actions.resolveComment({ registrationId: id, commentId: open!.id })).toMatchObject({ ok: false, message: expect.stringContaining('who is not an editor here') });
    as('viv');
    expect(await actions.resolveComment({ registrationId: id, commentId: open!.id })).toMatchObject({ ok: false });
    expect(await comments.openCommentsByStep(db, id)).toEqual({ 4: 1 });

    as('ed');
    expect(await actions.resolveComment({ registrationId: id, commentId: 'not-a-uuid' })).toMatchObject({ ok: false, message: 'Invalid request.' });
    expect(await actions.resolveComment({ registrationId: id, commentId: open!.id })).toMatchObject({ ok: true });
    expect(await actions.resolveComment({ registrationId: id, commentId: open!.id })).toMatchObject({ ok: false, message: 'That comment is already resolved.' });
    expect(await comments.openCommentsByStep(db, id)).toEqual({});
    expect((await repo.getRegistration(db, id))?.openCommentSteps).toEqual([]);
    expect(await comments.listReviewComments(db, id, { all: true })).toMatchObject([{ resolvedBy: 'ed@corp.example', resolvedAt: expect.any(Date) }]);
  });

  it('is refused on an archived registration', async () => {
    const id = await repo.createRegistration(db);
    as('rita');
    await actions.signOff(request(id));
    const [open] = await comments.listReviewComments(db, id);
    await repo.archiveRegistration(db, id, { id: 'ed@corp.example', name: 'Ed' });
    as('ed');
    expect(await actions.resolveComment({ registrationId: id, commentId: open!.id })).toMatchObject({ ok: false, message: repo.ARCHIVED_MESSAGE });
    expect(await comments.openCommentsByStep(db, id)).toEqual({ 4: 1 });
  });
});
