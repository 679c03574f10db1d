import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@/lib/db/db';
import { DRIVERS, openTestDb, seedPgliteDataDir } from '@/test/databases';
import {
  cleanExpired,
  createLoginAttempt,
  createSession,
  deleteSession,
  findSession,
  newSecret,
  sha256,
  takeLoginAttempt,
  type SessionIdentity,
} from './sessions';

const rita: SessionIdentity = { id: 'rita@example.com', name: 'Rita Reviewer', email: 'rita@example.com', groups: ['store-reviewers', 'staff'], issuer: 'https://login.example.com', subject: 'sub-rita' };

describe.each(DRIVERS)('OIDC sessions on $name', ({ name, available }) => {
  let db: Db;
  beforeAll(async () => {
    if (available) db = await openTestDb(name);
  });
  afterAll(async () => {
    if (available) await db.close();
  });

  it.skipIf(!available)('finds a session by its id, and keeps only the id’s SHA-256', async () => {
    const { sessionId, expiresAt } = await createSession(db, rita, { lifetimeSeconds: 12 * 3600, idToken: 'header.payload.signature' });
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(12 * 3600_000 - 60_000);

    const session = await findSession(db, sessionId);
    expect(session).toMatchObject({ id: rita.id, name: rita.name, email: rita.email, groups: rita.groups, issuer: rita.issuer, subject: rita.subject });
    expect(session?.createdAt).toBeInstanceOf(Date);

    const rows = await db.query<Record<string, unknown>>('SELECT * FROM auth_sessions');
    expect(rows.map((row) => row.id_hash)).toContain(sha256(sessionId));
    expect(JSON.stringify(rows)).not.toContain(sessionId);
  });

  it.skipIf(!available)('knows no unknown, malformed or missing id', async () => {
    await createSession(db, rita, { lifetimeSeconds: 3600 });
    expect(await findSession(db, newSecret())).toBeUndefined();
    expect(await findSession(db, 'not-a-session')).toBeUndefined();
    expect(await findSession(db, "' OR 1=1 --")).toBeUndefined();
    expect(await findSession(db, undefined)).toBeUndefined();
  });

  it.skipIf(!available)('stores a person without e-mail or groups', async () => {
    const { sessionId } = await createSession(db, { id: 'sub-ed', name: 'sub-ed', groups: [], issuer: rita.issuer, subject: 'sub-ed' }, { lifetimeSeconds: 60 });
    const session = await findSession(db, sessionId);
    expect(session).toMatchObject({ id: 'sub-ed', groups: [] });
    expect(session?.email).toBeUndefined();
  });

  it.skipIf(!available)('ends a session at its absolute expiry, and cleans it up', async () => {
    const { sessionId } = await createSession(db, rita, { lifetimeSeconds: 3600 });
    const { sessionId: other } = await createSession(db, rita, { lifetimeSeconds: 3600 });
    await db.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id_hash = $1`, [sha256(sessionId)]);
    expect(await findSession(db, sessionId)).toBeUndefined();
    expect(await findSession(db, other)).toBeDefined();

    const cleaned = await cleanExpired(db);
    expect(cleaned.sessions).toBeGreaterThanOrEqual(1);
    expect(await db.query('SELECT 1 FROM auth_sessions WHERE id_hash = $1', [sha256(sessionId)])).toHaveLength(0);
    expect(await db.query('SELECT 1 FROM auth_sessions WHERE id_hash = $1', [sha256(other)])).toHaveLength(1);
  });

  it.skipIf(!available)('notes when a session was last seen, at most every five minutes', async () => {
    const { sessionId } = await createSession(db, rita, { lifetimeSeconds: 3600 });
    const lastSeen = async () => (await db.query<{ last_seen_at: Date }>('SELECT last_seen_at FROM auth_sessions WHERE id_hash = $1', [sha256(sessionId)]))[0]?.last_seen_at;
    await db.query(`UPDATE auth_sessions SET last_seen_at = now() - interval '10 minutes' WHERE id_hash = $1`, [sha256(sessionId)]);
    const before = await lastSeen();
    await findSession(db, sessionId);
    const touched = await lastSeen();
    expect(touched && before && touched.getTime() - before.getTime()).toBeGreaterThan(9 * 60_000);
    await db.query(`UPDATE auth_sessions SET last_seen_at = now() - interval '1 minute' WHERE id_hash = $1`, [sha256(sessionId)]);
    const recent = await lastSeen();
    await findSession(db, sessionId);
    expect((await lastSeen())?.getTime()).toBe(recent?.getTime());
  });

  it.skipIf(!available)('deletes a session on sign-out and gives back its ID token', async () => {
    const { sessionId } = await createSession(db, rita, { lifetimeSeconds: 3600, idToken: 'id.token.value' });
    expect(await deleteSession(db, sessionId)).toEqual({ idToken: 'id.token.value' });
    expect(await findSession(db, sessionId)).toBeUndefined();
    expect(await deleteSession(db, sessionId)).toBeUndefined();
    expect(await deleteSession(db, 'garbage')).toBeUndefined();
  });

  it.skipIf(!available)('hands a sign-in attempt out once, by its state, and says when it expired', async () => {
    const state = newSecret();
    const browserId = newSecret();
    await createLoginAttempt(db, { state, browserId, nonce: 'n-1', codeVerifier: 'v-1', returnTo: '/registrations/x' });
    const rows = await db.query<Record<string, unknown>>('SELECT * FROM auth_login_attempts');
    expect(JSON.stringify(rows)).not.toContain(state);
    expect(JSON.stringify(rows)).not.toContain(browserId);

    expect(await takeLoginAttempt(db, state)).toEqual({ attempt: { nonce: 'n-1', codeVerifier: 'v-1', returnTo: '/registrations/x', browserHash: sha256(browserId) }, expired: false });
    expect(await takeLoginAttempt(db, state)).toBeUndefined();
    expect(await takeLoginAttempt(db, newSecret())).toBeUndefined();

    const late = newSecret();
    await createLoginAttempt(db, { state: late, browserId, nonce: 'n-2', codeVerifier: 'v-2', returnTo: '/' });
    await db.query(`UPDATE auth_login_attempts SET expires_at = now() - interval '1 second' WHERE state_hash = $1`, [sha256(late)]);
    expect(await takeLoginAttempt(db, late)).toMatchObject({ expired: true });
  });

  it.skipIf(!available)('cleans expired attempts when a new one starts', async () => {
    const old = newSecret();
    await createLoginAttempt(db, { state: old, browserId: newSecret(), nonce: 'n', codeVerifier: 'v', returnTo: '/' });
    await db.query(`UPDATE auth_login_attempts SET expires_at = now() - interval '1 second' WHERE state_hash = $1`, [sha256(old)]);
    await createLoginAttempt(db, { state: newSecret(), browserId: newSecret(), nonce: 'n', codeVerifier: 'v', returnTo: '/' });
    expect(await db.query('SELECT 1 FROM auth_login_attempts WHERE state_hash = $1', [sha256(old)])).toHaveLength(0);
  });
});

describe('OIDC sessions in a PGlite data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wizard-sessions-'));
    // An initialised folder: what is tested is what it keeps across a restart, not its creation.
    await seedPgliteDataDir(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survive a restart', async () => {
    const first = await openDb({ dataDir: dir });
    const { sessionId } = await createSession(first, rita, { lifetimeSeconds: 3600 });
    await first.close();
    const second = await openDb({ dataDir: dir });
    try {
      expect(await findSession(second, sessionId)).toMatchObject({ id: rita.id, groups: rita.groups });
    } finally {
      await second.close();
    }
  });
});
