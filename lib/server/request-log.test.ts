import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLog, type CapturedLog, type LogLine } from '@/test/capture-log';
import { runInRequestContext, setRequestActor, setRequestRegistration, type RequestContext } from './request-hook';
import { isNoise, loggedPath, logRequest } from './request-log';

const REGISTRATION_ID = '6f1c2a9e-58b4-4c1e-9d0f-3b8a7e2c4d11';
const REVIEW_TOKEN = 'rvw_Kq8s2LmZ0pXc7YtB1nVd4wEa';

describe('the path of a request line', () => {
  it('drops the query string and the fragment', () => {
    expect(loggedPath('/registrations?_rsc=1a2b&code=secret')).toBe('/registrations');
    expect(loggedPath('/settings#top')).toBe('/settings');
  });

  it('masks the review link token, in the page, its export and its RSC requests', () => {
    expect(loggedPath(`/review/${REVIEW_TOKEN}`)).toBe('/review/[token]');
    expect(loggedPath(`/review/${REVIEW_TOKEN}/export?download=1`)).toBe('/review/[token]/export');
    expect(loggedPath(`/review/${REVIEW_TOKEN}.rsc`)).toBe('/review/[token]');
    expect(loggedPath(`//review/${REVIEW_TOKEN}`)).toBe('//review/[token]');
    expect(loggedPath(`/Review/${REVIEW_TOKEN}`)).toBe('/Review/[token]');
  });

  it('reads an absolute-form target and cuts a very long path', () => {
    expect(loggedPath(`http://wizard.example/review/${REVIEW_TOKEN}?x=1`)).toBe('/review/[token]');
    expect(loggedPath('*')).toBe('*');
    expect(loggedPath(`/${'a'.repeat(1000)}`)).toHaveLength(301);
  });

  it('counts build assets and icons as noise', () => {
    expect(isNoise('/_next/static/chunks/app.js')).toBe(true);
    expect(isNoise('/favicon.ico')).toBe(true);
    expect(isNoise('/icon.svg')).toBe(true);
    expect(isNoise('/registrations')).toBe(false);
    expect(isNoise('/_next/staticky')).toBe(false);
  });
});

describe('one line per request', () => {
  let server: http.Server | undefined;
  let captured: CapturedLog | undefined;
  afterEach(async () => {
    captured?.restore();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A server that does what the request hook does: each request in its context, logged. */
  async function start(handle: (req: IncomingMessage, res: ServerResponse) => void) {
    let count = 0;
    server = http.createServer((req, res) => {
      const context: RequestContext = { requestId: `req-${++count}`, startedAt: performance.now() };
      runInRequestContext(context, () => {
        logRequest(req, res, context);
        handle(req, res);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function linesWhen(count: number, log: CapturedLog): Promise<LogLine[]> {
    for (let i = 0; i < 100 && log.lines().length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    return log.lines();
  }

  it('says method, path, status, duration, request id, actor, registration and not aborted, with no token or query', async () => {
    captured = captureLog('info');
    const base = await start((_req, res) => {
      setRequestActor('ada');
      setRequestRegistration(REGISTRATION_ID);
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 20);
    });
    const response = await fetch(`${base}/review/${REVIEW_TOKEN}/export?download=${REVIEW_TOKEN}`, { headers: { cookie: 'session=abc', authorization: 'Bearer xyz' } });
    expect(response.status).toBe(200);
    const [line] = await linesWhen(1, captured);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/review/[token]/export',
      status: 200,
      requestId: 'req-1',
      actor: 'ada',
      registrationId: REGISTRATION_ID,
      aborted: false,
    });
    expect(line?.durationMs).toBeGreaterThanOrEqual(15);
    const raw = captured.raw().join('\n');
    for (const secret of [REVIEW_TOKEN, 'session=abc', 'xyz']) expect(raw).not.toContain(secret);
  });

  it("takes the registration from the path when the request's code did not name one", async () => {
    captured = captureLog('info');
    const base = await start((_req, res) => res.writeHead(404).end());
    await fetch(`${base}/registrations/${REGISTRATION_ID.toUpperCase()}/summary?_rsc=x`);
    const [line] = await linesWhen(1, captured);
    expect(line).toMatchObject({ path: `/registrations/${REGISTRATION_ID.toUpperCase()}/summary`, status: 404, registrationId: REGISTRATION_ID });
    expect(line).not.toHaveProperty('actor');
  });

  it('says when the client went before the answer: aborted, no status', async () => {
    captured = captureLog('info');
    const base = await start(() => undefined); // never answers
    const controller = new AbortController();
    const request = fetch(`${base}/registrations`, { signal: controller.signal }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await request;
    const [line] = await linesWhen(1, captured);
    expect(line).toMatchObject({ method: 'GET', path: '/registrations', status: null, aborted: true });
  });

  it('logs static files and icons at debug only', async () => {
    captured = captureLog('info');
    const base = await start((_req, res) => res.writeHead(200).end('x'));
    await fetch(`${base}/_next/static/chunks/main.js`);
    await fetch(`${base}/favicon.ico`);
    await fetch(`${base}/api/health`);
    const lines = await linesWhen(1, captured);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.map((line) => line.path)).toEqual(['/api/health']);
    captured.restore();

    captured = captureLog('debug');
    await fetch(`${base}/_next/static/chunks/main.js`);
    const [asset] = await linesWhen(1, captured);
    expect(asset).toMatchObject({ level: 'debug', path: '/_next/static/chunks/main.js', status: 200 });
  });
});
