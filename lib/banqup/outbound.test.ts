/**
 * The outbound rules, against small local stub servers: every call goes through one undici
 * dispatcher (keep-alive, connect and total timeouts, no redirects, a response size cap), and
 * the odd answers gateways give (an HTML error page, an empty 502, a cut-off body) become
 * clear errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { serve, type TestServer } from '@/test/http-server';
import { createBanqupClient } from './client';
import { banqupRequest, type AttemptRecord, type HttpOptions } from './http';
import { RESPONSE_MAX_BYTES, createOutboundDispatcher, createOutboundFetch, getOutbound, getOutboundFetch } from './outbound';
import { createTokenProvider } from './token';

const APPLICATION_ID = '2aa7c756-6d55-44b6-9b60-06212611cfd6';
const BRAND_PATH = `/servicemngmt/v1/applications/${APPLICATION_ID}/brands`;
const noSleep = async () => undefined;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function stub(handler: (request: Request) => Response | Promise<Response>): Promise<TestServer> {
  const server = await serve(handler);
  cleanups.push(() => server.close());
  return server;
}

function options(baseUrl: string, overrides: Partial<HttpOptions> = {}): HttpOptions {
  return { baseUrl, tokens: createTokenProvider({ kind: 'static', token: 'static-token-4711' }), timeoutMs: 5_000, maxAttempts: 3, sleep: noSleep, ...overrides };
}

const brand = (id = APPLICATION_ID) => Response.json({ id, brandName: 'Banqup' }, { status: 201 });

describe('the shared outbound dispatcher', () => {
  it('is what the client and the token provider use when given no fetch', async () => {
    const api = await stub(() => brand());
    const tokens = await stub(() => Response.json({ access_token: 'tok-1', expires_in: 60 }));
    const connected: string[] = [];
    const onConnect = (origin: URL) => void connected.push(origin.origin);
    const { dispatcher } = getOutbound();
    dispatcher.on('connect', onConnect);
    cleanups.push(() => void dispatcher.off('connect', onConnect));

    const provider = createTokenProvider({ kind: 'oauth', tokenUrl: `${tokens.url}/token`, clientId: 'c', clientSecret: 'secret-0815' });
    const result = await createBanqupClient(options(api.url, { tokens: provider })).addBrand(APPLICATION_ID, { brandName: 'Banqup' });
    expect(result.ok).toBe(true);
    expect(connected).toEqual([tokens.url, api.url]);
  });

  it('keeps the connection alive between calls', async () => {
    const ports = new Set<string>();
    const server = http.createServer((request, response) => {
      ports.add(`${request.socket.remotePort}`);
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: APPLICATION_ID, brandName: 'Banqup' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const client = createBanqupClient(options(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    for (let i = 0; i < 5; i++) {
      expect((await client.addBrand(APPLICATION_ID, { brandName: 'Banqup' })).ok).toBe(true);
      // NOTE: undici hands the socket back to its pool just after the body is read; a call
      // made in that same instant opens a second connection. Real calls are never that close.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(ports.size).toBe(1);
  });

  it('refuses an answer larger than 5 MB (by Content-Length) with a clear error', async () => {
    const big = 'x'.repeat(RESPONSE_MAX_BYTES + 1);
    const api = await stub(() => new Response(JSON.stringify({ id: APPLICATION_ID, brandName: 'Banqup', padding: big }), { status: 201, headers: { 'content-type': 'application/json' } }));
    const attempts: AttemptRecord[] = [];
    const result = await createBanqupClient(options(api.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' }, { onAttempt: (a) => void attempts.push(a) });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_response', title: 'Answer too large', retryable: false } });
    if (!result.ok) expect(result.error.detail).toMatch(/larger than 5 MB/);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.error).toMatch(/larger than 5 MB/);
  });

  it('is really the dispatcher that caps the size (a 1 KB cap trips on 2 KB, chunked or not)', async () => {
    // The client's own reader allows 5 MB: only the dispatcher's 1 KB cap can refuse these.
    const fetchSmall = createOutboundFetch(createOutboundDispatcher({ maxResponseBytes: 1_024 }));
    const padding = 'y'.repeat(2_048);
    const declared = await stub(() => Response.json({ id: APPLICATION_ID, brandName: 'Banqup', padding }, { status: 201 }));
    const chunked = await stub(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode(i === 0 ? `{"id":"${APPLICATION_ID}","p":"` : padding.slice(0, 300)));
              controller.enqueue(new TextEncoder().encode('"}'));
              controller.close();
            },
          }),
          { status: 201, headers: { 'content-type': 'application/json' } },
        ),
    );
    for (const api of [declared, chunked]) {
      const result = await createBanqupClient(options(api.url, { fetch: fetchSmall })).addBrand(APPLICATION_ID, { brandName: 'Banqup' });
      expect(result).toMatchObject({ ok: false, error: { title: 'Answer too large' } });
    }
    // The same answers pass through the shared dispatcher.
    expect((await createBanqupClient(options(declared.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' })).ok).toBe(true);
  });

  it('also caps the answer when a custom fetch is given (the reader counts the bytes)', async () => {
    const api = await stub(() => Response.json({ id: APPLICATION_ID, brandName: 'Banqup', padding: 'z'.repeat(4_000) }, { status: 201 }));
    const result = await createBanqupClient(options(api.url, { fetch, maxResponseBytes: 1_000 })).addBrand(APPLICATION_ID, { brandName: 'Banqup' });
    expect(result).toMatchObject({ ok: false, error: { title: 'Answer too large' } });
  });

  it('never follows a redirect: the other host gets nothing, the bearer token goes nowhere', async () => {
    const seen: string[] = [];
    const elsewhere = await stub((request) => {
      seen.push(request.headers.get('authorization') ?? 'none');
      return brand();
    });
    const api = await stub(() => new Response(null, { status: 307, headers: { location: `${elsewhere.url}${BRAND_PATH}?code=abc` } }));
    const attempts: AttemptRecord[] = [];
    const result = await createBanqupClient(options(api.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' }, { onAttempt: (a) => void attempts.push(a) });
    expect(result).toMatchObject({ ok: false, error: { kind: 'http', status: 307, title: 'Redirected', retryable: false } });
    if (!result.ok) {
      expect(result.error.detail).toContain(`to ${elsewhere.url}`);
      expect(result.error.detail).not.toContain('code=abc');
    }
    expect(attempts).toHaveLength(1);
    expect(seen).toEqual([]);

    // The outbound fetch itself turns fetch's default redirect: 'follow' into 'manual'.
    const response = await getOutboundFetch()(`${api.url}/anything`);
    expect(response.status).toBe(307);
    expect(seen).toEqual([]);
  });

  it('the token endpoint is not followed through a redirect either', async () => {
    const seen: string[] = [];
    const elsewhere = await stub(() => {
      seen.push('called');
      return Response.json({ access_token: 'stolen' });
    });
    const tokens = await stub(() => new Response(null, { status: 302, headers: { location: `${elsewhere.url}/token` } }));
    const result = await createTokenProvider({ kind: 'oauth', tokenUrl: `${tokens.url}/token`, clientId: 'c', clientSecret: 'secret-0815' }).get();
    expect(result).toMatchObject({ ok: false, error: { kind: 'auth' } });
    expect(seen).toEqual([]);
  });
});

describe('gateway answers through a stub', () => {
  const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';

  it('an HTML 502 page on a POST is not resent, and is reported without its markup, with the gateway request id', async () => {
    let calls = 0;
    const api = await stub(() => {
      calls++;
      return new Response(NGINX_502, { status: 502, headers: { 'content-type': 'text/html', 'x-request-id': `gw-${calls}` } });
    });
    const result = await createBanqupClient(options(api.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' });
    expect(calls).toBe(1);
    expect(result).toMatchObject({ ok: false, error: { status: 502, title: 'Bad Gateway', requestId: 'gw-1', retryable: true, maybeDelivered: true } });
    if (!result.ok) {
      expect(result.error.detail).toMatch(/HTML page/);
      expect(result.error.detail).not.toMatch(/nginx|<center>/);
    }
  });

  it('a 502, 504 or bodiless 500 on a POST is never resent: the gateway may have forwarded it', async () => {
    for (const [status, body, type] of [
      [502, null, null],
      [504, '<html>Gateway Timeout</html>', 'text/html'],
      [500, null, null],
    ] as const) {
      let calls = 0;
      const api = await stub(() => (++calls === 1 ? new Response(body, { status, headers: type ? { 'content-type': type } : {} }) : brand()));
      const result = await createBanqupClient(options(api.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' });
      expect(calls, `${status}`).toBe(1);
      expect(result).toMatchObject({ ok: false, error: { status, maybeDelivered: true } });
    }
  });

  it('a 500 even in the API\'s own JSON words may have been carried out: not resent, unknown; a 429 is resent (nothing was carried out)', async () => {
    let calls = 0;
    const api = await stub(() => (++calls === 1 ? Response.json({ status: 500, title: 'Internal Server Error', detail: 'boom' }, { status: 500 }) : brand()));
    const failed = await createBanqupClient(options(api.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' });
    expect(calls).toBe(1);
    expect(failed).toMatchObject({ ok: false, error: { status: 500, maybeDelivered: true } });

    let unavailable = 0;
    const api503 = await stub(() => (++unavailable === 1 ? Response.json({ status: 503, title: 'Service Unavailable', detail: 'busy' }, { status: 503 }) : brand()));
    expect((await createBanqupClient(options(api503.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' })).ok).toBe(true);
    expect(unavailable).toBe(2);

    let limited = 0;
    const api2 = await stub(() => (++limited === 1 ? new Response(null, { status: 429, headers: { 'retry-after': '0' } }) : brand()));
    const attempts: AttemptRecord[] = [];
    const result = await createBanqupClient(options(api2.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' }, { onAttempt: (a) => void attempts.push(a) });
    expect(result.ok).toBe(true);
    expect(attempts.map((a) => a.status)).toEqual([429, 201]);
  });

  it('a 429 asking for a longer wait than the client waits gives the wait back', async () => {
    const api = await stub(() => new Response(null, { status: 429, headers: { 'retry-after': '60' } }));
    const result = await createBanqupClient(options(api.url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' });
    expect(result).toMatchObject({ ok: false, error: { status: 429, retryAfterMs: 60_000 } });
  });

  it('a 502 on the logo PUT is retried: a PUT replaces, it cannot duplicate', async () => {
    let calls = 0;
    const api = await stub(() => (++calls === 1 ? new Response(null, { status: 502 }) : new Response(null, { status: 200 })));
    const result = await createBanqupClient(options(api.url)).putLogo(APPLICATION_ID, { bytes: new Uint8Array([1, 2, 3]), fileName: 'logo.png', contentType: 'image/png' });
    expect(result.ok).toBe(true);
    expect(calls).toBe(2);
  });

  it('a body cut off mid-way is a network error: a POST is not resent, a PUT is', async () => {
    let calls = 0;
    const server = http.createServer((request, response) => {
      calls++;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"id":"');
      setTimeout(() => request.socket.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const post = await createBanqupClient(options(url)).addBrand(APPLICATION_ID, { brandName: 'Banqup' });
    expect(post).toMatchObject({ ok: false, error: { kind: 'network', title: 'Connection lost', status: 200 } });
    expect(calls).toBe(1);

    calls = 0;
    const put = await banqupRequest(options(url), { method: 'PUT', path: `/servicemngmt/v1/applications/${APPLICATION_ID}/logo`, schema: null });
    expect(put).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(calls).toBe(3);
  });
});

describe('connect timeout', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
  });

  it('gives up connecting after the connect timeout, and retries (the request was never sent)', async () => {
    // A server whose event loop is blocked never accepts: once its backlog is full, the
    // kernel drops further connection attempts, which then hang until the connect timeout.
    // Blocked asleep (Atomics.wait), not spinning: the other test worker keeps its core.
    child = spawn(process.execPath, [
      '-e',
      "const s=require('net').createServer().listen({port:0,host:'127.0.0.1',backlog:1},()=>{process.stdout.write(String(s.address().port)+'\\n');setTimeout(()=>Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,30000),100)})",
    ]);
    const port = await new Promise<number>((resolve) => child?.stdout?.once('data', (data: Buffer) => resolve(Number(String(data).trim()))));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const fillers = Array.from({ length: 4 }, () => net.connect(port, '127.0.0.1').on('error', () => undefined));
    cleanups.push(() => fillers.forEach((socket) => socket.destroy()));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const fetchQuick = createOutboundFetch(createOutboundDispatcher({ connectTimeoutMs: 300 }));
    const attempts: AttemptRecord[] = [];
    const started = Date.now();
    const result = await createBanqupClient(options(`http://127.0.0.1:${port}`, { fetch: fetchQuick, timeoutMs: 10_000 })).addBrand(
      APPLICATION_ID,
      { brandName: 'Banqup' },
      { onAttempt: (a) => void attempts.push(a) },
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'network' } });
    if (!result.ok) expect(result.error.detail).toContain('UND_ERR_CONNECT_TIMEOUT');
    // A POST is retried only because the connection never opened.
    expect(attempts).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(9_000);
  });
});
