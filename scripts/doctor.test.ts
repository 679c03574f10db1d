/**
 * `npm run doctor`. A few cases run it as it is run: plain node (scripts/doctor.mjs bundles
 * lib/banqup/doctor.ts), a separate process, its exit code, stdout and stderr, the .env files of
 * its directory. The others call the same runDoctor in this process, with the same variables and
 * arguments, and read the same exit code and lines: a process each would cost half a second of
 * CPU and test nothing more.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkConnection, type ConnectionReport } from '@/lib/banqup/connection-check';
import { runDoctor } from '@/lib/banqup/doctor';
import { parseConfig } from '@/lib/env';
import { serve, type TestServer } from '@/test/http-server';
import { startSandbox, type RunningSandbox } from '@/test/sandbox';

const DOCTOR = path.resolve(__dirname, 'doctor.mjs');
const SECRET = 'doctor-client-secret-777';
const TOKEN = 'doctor-access-token-888';

type DoctorRun = { code: number | null; stdout: string; stderr: string };

/** The variables a run sees: only these (and PATH), as in a clean shell. */
const onlyThese = (env: Record<string, string>) => ({ NODE_ENV: 'test' as const, PATH: process.env.PATH ?? '', ...env });

/** Folders the runs worked in, removed after the file's tests. */
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));
const emptyFolder = (prefix = 'doctor-') => {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
};

/** Runs `node scripts/doctor.mjs` in an empty directory (no .env files) with only these variables. */
function doctorProcess(env: Record<string, string>, args: string[] = [], cwd = emptyFolder()): Promise<DoctorRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DOCTOR, ...args], { cwd, env: onlyThese(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The same doctor (runDoctor, which scripts/doctor.mjs calls) in this process: no .env files read. */
async function doctor(env: Record<string, string>, args: string[] = []): Promise<DoctorRun> {
  let stdout = '';
  let stderr = '';
  const code = await runDoctor(args, onlyThese(env), { out: (line = '') => void (stdout += `${line}\n`), fail: (line) => void (stderr += `${line}\n`) });
  return { code, stdout, stderr };
}

const stubs: TestServer[] = [];
afterEach(async () => {
  while (stubs.length > 0) await stubs.pop()?.close();
});

/** The tokens the stand-in accepts: the one it issues and the static ones the tests configure. */
const KNOWN_TOKENS = new Set([TOKEN, 'static-token-42', 'from-file-token']);

/**
 * A stand-in for a real Banqup: token endpoint (scope configurable) and the probe's 404 to a
 * known token, 401 to any other. `routeFirst`: a gateway that answers 404 whatever the token.
 */
async function fakeBanqup(scope = 'store_read store_write', { routeFirst = false } = {}) {
  const server = await serve(async (request) => {
    if (new URL(request.url).pathname === '/oauth2/token') return Response.json({ access_token: TOKEN, expires_in: 900, scope });
    const bearer = /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
    if (!routeFirst && !KNOWN_TOKENS.has(bearer)) return Response.json({ status: 401, error: 'UNAUTHORIZED', detail: 'Invalid token' }, { status: 401 });
    return Response.json({ status: 404, error: 'NOT_FOUND', detail: 'Unknown application' }, { status: 404 });
  });
  stubs.push(server);
  return server;
}

describe('npm run doctor, real API mode (checks from this environment)', () => {
  it('as a process: passes with exit 0 and prints what it checked, without any secret', async () => {
    const api = await fakeBanqup();
    const result = await doctorProcess({ BANQUP_API_URL: api.url, BANQUP_TOKEN_URL: `${api.url}/oauth2/token`, BANQUP_CLIENT_ID: 'cid', BANQUP_CLIENT_SECRET: SECRET, BANQUP_TOKEN_AUTH: 'basic' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Checked from this environment');
    expect(result.stdout).toContain('real Banqup API');
    expect(result.stdout).toContain(`Token URL:     ${api.url}/oauth2/token (client credentials as HTTP Basic)`);
    expect(result.stdout).toMatch(/expires in 900 s/);
    expect(result.stdout).toMatch(/scopes: store_read store_write/);
    expect(result.stdout).toMatch(/Probe: +GET \/servicemngmt\/v1\/applications\/[0-9a-f-]{36} → HTTP 404 in \d+ ms/);
    expect(result.stdout).toContain('The same call with a deliberately wrong token → HTTP 401');
    expect(result.stdout).toMatch(/The API accepted the token: 404 for an application that does not exist, while a deliberately wrong token got 401/);
    expect(result.stdout).toMatch(/Clock skew: +[+-]\d/);
    expect(result.stdout).not.toContain('warning:');
    expect(result.stdout).toContain('Result: OK');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it('a gateway answering 404 whatever the token: a warning that it cannot tell, exit 0, no token shown', async () => {
    const api = await fakeBanqup(undefined, { routeFirst: true });
    const result = await doctor({ BANQUP_API_URL: api.url, BANQUP_TOKEN_URL: `${api.url}/oauth2/token`, BANQUP_CLIENT_ID: 'cid', BANQUP_CLIENT_SECRET: SECRET });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The same call with a deliberately wrong token → HTTP 404');
    expect(result.stdout).toContain(
      'warning: Banqup answered the same (404) with a deliberately wrong token: a gateway may answer before checking tokens, so this check cannot tell whether the token works.',
    );
    expect(result.stdout).not.toContain('PROBLEM:');
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    expect(result.stdout + result.stderr).not.toMatch(/invalid-[0-9a-f]/);
  });

  it('--json: the verdict is cannot_tell for such a gateway, authorized for one that checks the token', async () => {
    const gateway = await fakeBanqup(undefined, { routeFirst: true });
    const unsure = JSON.parse((await doctor({ BANQUP_API_URL: gateway.url, BANQUP_API_TOKEN: 'static-token-42' }, ['--json'])).stdout) as ConnectionReport;
    expect(unsure).toMatchObject({ ok: true, probe: { status: 404, wrongTokenStatus: 404, verdict: 'cannot_tell' }, warnings: [expect.stringMatching(/cannot tell/)] });
    const api = await fakeBanqup();
    const sure = JSON.parse((await doctor({ BANQUP_API_URL: api.url, BANQUP_API_TOKEN: 'static-token-42' }, ['--json'])).stdout) as ConnectionReport;
    expect(sure).toMatchObject({ ok: true, probe: { status: 404, wrongTokenStatus: 401, verdict: 'authorized' }, warnings: [] });
  });

  it('fails with exit 1 and the reason when the token lacks store_write', async () => {
    const api = await fakeBanqup('store_read');
    const result = await doctor({ BANQUP_API_URL: api.url, BANQUP_TOKEN_URL: `${api.url}/oauth2/token`, BANQUP_CLIENT_ID: 'cid', BANQUP_CLIENT_SECRET: SECRET });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/PROBLEM: The token lacks the scope store_write/);
    expect(result.stdout).toContain('Result: FAILED (1 problem)');
  });

  it('as a process: fails with exit 1 when the API cannot be reached', async () => {
    const closed = await serve(() => new Response(null));
    await closed.close();
    const result = await doctorProcess({ BANQUP_API_URL: closed.url, BANQUP_API_TOKEN: 'static-token-42' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/PROBLEM: The API could not be reached \(ECONNREFUSED\)/);
    expect(result.stdout).not.toContain('static-token-42');
  });

  it('as a process: reads .env.local from the current directory; variables already set win', async () => {
    const api = await fakeBanqup();
    const cwd = emptyFolder('doctor-env-');
    writeFileSync(path.join(cwd, '.env.local'), `BANQUP_API_URL=${api.url}\nBANQUP_API_TOKEN=from-file-token\nBANQUP_TIMEOUT_MS=soon\n`);
    const result = await doctorProcess({ BANQUP_TIMEOUT_MS: '3000' }, [], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`API base URL:  ${api.url}`);
  });

  it('prints the report as JSON with --json', async () => {
    const api = await fakeBanqup();
    const result = await doctor({ BANQUP_API_URL: api.url, BANQUP_API_TOKEN: 'static-token-42' }, ['--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ConnectionReport;
    expect(report).toMatchObject({ ok: true, mode: 'api', auth: 'static', probe: { status: 404 } });
  });

  it('as a process: exits 2 naming the variable when the configuration is invalid', async () => {
    const result = await doctorProcess({ BANQUP_API_URL: 'http://api.example.com', BANQUP_API_TOKEN: 'x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('BANQUP_API_URL must use https://');
  });

  // One parser: the doctor reads the settings with lib/env.ts, so it refuses exactly what the
  // app would refuse at start-up, with the same line (its own copy of the rules accepted these).
  it.each<Record<string, string>>([
    { DATABASE_URL: 'postgres://wizard@db.internal/wizard' },
    { PORT: 'abc' },
    { BANQUP_TOKEN_AUTH: 'header' },
    { BANQUP_API_URL: 'https://api.example.com', BANQUP_CLIENT_ID: 'id' },
  ])('refuses %o with the line the app itself gives, exit 2', async (env) => {
    let message = '';
    try {
      parseConfig(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration: /);
    const result = await doctor(env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`doctor: ${message}`);
  });

  it('exits 2 on an unknown argument', async () => {
    expect((await doctor({}, ['--frobnicate'])).code).toBe(2);
  });
});

describe('npm run doctor, sandbox mode (asks the running app)', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => sandbox.close());

  /** An app stand-in whose /api/connection answers the check run against the sandbox. */
  async function appAnswering(transform: (report: ConnectionReport) => ConnectionReport = (r) => r) {
    const report = transform(await checkConnection({ mode: 'sandbox', apiUrl: sandbox.apiUrl, auth: { kind: 'static', token: 'sandbox-token' } }));
    const app = await serve((request) =>
      new URL(request.url).pathname === '/api/connection' ? Response.json(report, { status: report.ok ? 200 : 503 }) : new Response('Not Found', { status: 404 }),
    );
    stubs.push(app);
    return app;
  }

  it("prints the app's report and exits 0", async () => {
    const app = await appAnswering();
    const result = await doctor({ APP_URL: app.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Checked by the app at ${app.url}.`);
    expect(result.stdout).toContain("sandbox (the app's built-in Banqup stand-in)");
    expect(result.stdout).toContain('→ HTTP 404');
    // The sandbox refuses a wrong token, so its 404 proves the token works.
    expect(result.stdout).toContain('The same call with a deliberately wrong token → HTTP 401');
  });

  it("exits 1 when the app's check failed", async () => {
    const app = await appAnswering((report) => ({ ...report, ok: false, problems: ['The API refused the token (401).'] }));
    const result = await doctor({ APP_URL: app.url });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('PROBLEM: The API refused the token (401).');
  });

  it('as a process: exits 1 and explains when no app answers at APP_URL', async () => {
    const closed = await serve(() => new Response(null));
    await closed.close();
    const result = await doctorProcess({ APP_URL: closed.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`could not ask the app at ${closed.url} (nothing answers there)`);
    expect(result.stderr).toContain('In sandbox mode the doctor checks the sandbox of the running app');
  });

  it('exits 1 when APP_URL is something else than this app', async () => {
    const other = await serve(() => new Response('<html>hello</html>', { headers: { 'content-type': 'text/html' } }));
    stubs.push(other);
    const result = await doctor({ APP_URL: other.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('without a connection report');
  });

  it('--app asks the running app even in real API mode', async () => {
    const app = await appAnswering();
    const result = await doctor({ APP_URL: app.url, BANQUP_API_URL: 'https://api.uat.example.com', BANQUP_API_TOKEN: 'x' }, ['--app']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('runs in sandbox mode, unlike this environment');
  });
});
