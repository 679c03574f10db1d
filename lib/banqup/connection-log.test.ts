/**
 * The connection check's calls (/settings, /api/connection) are Banqup calls too: one log line
 * each, with no token in it. Its own file: the configuration is read once per process.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serve, type TestServer } from '@/test/http-server';
import { captureLog } from '@/test/capture-log';
import { encodedVariants } from '@/lib/redact-core';
import { getConnectionReport } from './connection';

const TOKEN = 'conn/check+token==5e2a';
let api: TestServer;
beforeAll(async () => {
  api = await serve((request) => (request.headers.get('authorization') === `Bearer ${TOKEN}` ? Response.json({ title: 'Not found' }, { status: 404 }) : new Response(null, { status: 401 })));
  vi.stubEnv('BANQUP_API_URL', api.url);
  vi.stubEnv('BANQUP_API_TOKEN', TOKEN);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await api.close();
});

describe('the connection check', () => {
  it('logs each of its calls: method, path, status, duration, never the token', async () => {
    const captured = captureLog('info');
    try {
      const report = await getConnectionReport();
      expect(report.probe?.status).toBe(404);
      const lines = captured.lines();
      expect(lines.length).toBe(2); // the probe, and the same read with a wrong token
      for (const line of lines) {
        expect(line).toMatchObject({ level: 'info', msg: 'banqup call', purpose: 'connection check', method: 'GET', path: expect.stringMatching(/^\/servicemngmt\/v1\/applications\/[0-9a-f-]{36}$/), durationMs: expect.any(Number) });
      }
      expect(lines.map((line) => line.status)).toEqual([404, 401]);
      const raw = captured.raw().join('\n');
      for (const variant of encodedVariants(TOKEN)) expect(raw).not.toContain(variant);
    } finally {
      captured.restore();
    }
  });
});
