import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureLog, type CapturedLog } from '@/test/capture-log';
import { ConfigError, parseConfig, parseLogLevel } from './env';
import { createLogger, log, logs } from './log';
import { encodedVariants } from './redact-core';
import { runInRequestContext, setRequestActor, setRequestRegistration } from './server/request-hook';

// Configured secrets of this file's process (read once, on the first line logged).
const API_TOKEN = 'api/tok+log==77f3';
const SANDBOX_SECRET = 'csec-log-test-19d2e7';
beforeAll(() => {
  vi.stubEnv('BANQUP_API_TOKEN', API_TOKEN);
  vi.stubEnv('SANDBOX_CLIENT_SECRET', SANDBOX_SECRET);
});

const REGISTRATION_ID = '6f1c2a9e-58b4-4c1e-9d0f-3b8a7e2c4d11';
let captured: CapturedLog | undefined;
afterEach(() => captured?.restore());

function capture(level: Parameters<typeof captureLog>[0] = 'trace') {
  captured = captureLog(level);
  return captured;
}

describe('a log line', () => {
  it('is one JSON line with the level by name, an ISO time and the message', () => {
    const { raw, lines } = capture();
    log.info('asset stored', { bytes: 42 });
    expect(raw()).toHaveLength(1);
    expect(raw()[0]).not.toContain('\n');
    expect(lines()[0]).toMatchObject({ level: 'info', msg: 'asset stored', bytes: 42 });
    expect(lines()[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('inside a request carries its requestId, actor and registrationId without the caller passing them', () => {
    const { lines } = capture();
    runInRequestContext({ requestId: 'req-1', startedAt: 0 }, () => {
      log.info('before anyone is known');
      setRequestActor('ada@example.com');
      setRequestRegistration(REGISTRATION_ID.toUpperCase());
      log.warn('after', { step: 3 });
    });
    log.info('outside any request');
    const [before, after, outside] = lines();
    expect(before).toMatchObject({ requestId: 'req-1' });
    expect(before).not.toHaveProperty('actor');
    expect(before).not.toHaveProperty('registrationId');
    expect(after).toMatchObject({ level: 'warn', requestId: 'req-1', actor: 'ada@example.com', registrationId: REGISTRATION_ID, step: 3 });
    expect(outside).not.toHaveProperty('requestId');
  });

  it("keeps the caller's own registrationId over the request's", () => {
    const { lines } = capture();
    const other = '00000000-0000-4000-8000-000000000001';
    runInRequestContext({ requestId: 'req-2', startedAt: 0, registrationId: REGISTRATION_ID }, () => log.info('about another', { registrationId: other }));
    expect(lines()[0]).toMatchObject({ requestId: 'req-2', registrationId: other });
  });

  it('records only a registration id shaped as one, and an actor without control characters', () => {
    const context = { requestId: 'req-3', startedAt: 0 };
    runInRequestContext(context, () => {
      setRequestRegistration('../../etc/passwd');
      setRequestActor(' ada\n{"level":"fatal"} ');
    });
    expect(context).toEqual({ requestId: 'req-3', startedAt: 0, actor: 'ada{"level":"fatal"}' });
    // Outside a request: nothing to write into, and no error.
    expect(() => setRequestRegistration(REGISTRATION_ID)).not.toThrow();
  });
});

describe('secrets in a log line', () => {
  it('configured secret values never come out, in any encoding, in the message, a field or a key', () => {
    const { raw } = capture();
    for (const secret of [API_TOKEN, SANDBOX_SECRET]) {
      for (const variant of encodedVariants(secret)) {
        log.error(`calling with ${variant}`, { detail: `quoted ${variant}`, nested: [{ deeper: { text: variant } }], [`key ${variant}`]: 1, error: new Error(`failed: ${variant}`) });
      }
    }
    const text = raw().join('\n');
    expect(raw().length).toBeGreaterThan(10);
    for (const secret of [API_TOKEN, SANDBOX_SECRET]) for (const variant of encodedVariants(secret)) expect(text).not.toContain(variant);
    expect(text).toContain('calling with [redacted]');
  });

  it('fields that hold credentials are masked whatever their value, at any depth', () => {
    const { lines, raw } = capture();
    const leaked = 'never-in-a-log-3b9e';
    log.info('headers', {
      authorization: `Bearer ${leaked}`,
      headers: { Authorization: `Basic ${leaked}`, cookie: `session=${leaked}`, 'set-cookie': [`a=${leaked}`], 'proxy-authorization': leaked, accept: 'application/json' },
      appCallbacks: { security: { authorizationHeader: leaked } },
      oauth: { clientSecret: leaked, client_secret: leaked, token: leaked, access_token: leaked },
      user: { password: leaked },
      very: { deep: { down: { in: { here: { token: leaked, cookie: leaked } } } } },
    });
    expect(raw()[0]).not.toContain(leaked);
    expect(lines()[0]).toMatchObject({
      authorization: '[redacted]',
      headers: { Authorization: '[redacted]', cookie: '[redacted]', 'set-cookie': '[redacted]', 'proxy-authorization': '[redacted]', accept: 'application/json' },
      appCallbacks: { security: { authorizationHeader: '[redacted]' } },
      oauth: { clientSecret: '[redacted]', client_secret: '[redacted]', token: '[redacted]', access_token: '[redacted]' },
      user: { password: '[redacted]' },
    });
  });

  it("pino's own redact paths mask the same fields even when a line bypasses lib/log.ts's walk", () => {
    const written: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void written.push(line) } });
    logger.info(
      { token: 't0', req: { headers: { cookie: 'c0', authorization: 'a0', 'set-cookie': 's0' } }, manifest: { appCallbacks: { security: { authorizationHeader: 'h0' } } }, oauth: { clientSecret: 'k0' }, password: 'p0' },
      'raw pino',
    );
    const line = JSON.parse(written[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      token: '[redacted]',
      req: { headers: { cookie: '[redacted]', authorization: '[redacted]', 'set-cookie': '[redacted]' } },
      manifest: { appCallbacks: { security: { authorizationHeader: '[redacted]' } } },
      oauth: { clientSecret: '[redacted]' },
      password: '[redacted]',
    });
  });

  it('an error field is its name and message: a stack only on error lines (an expected refusal is not a crash)', () => {
    const { lines } = capture();
    log.warn('refused', { error: new Error('not allowed') });
    log.error('crashed', { error: new TypeError('boom') });
    const [refused, crashed] = lines();
    expect(refused?.error).toEqual({ type: 'Error', message: 'not allowed' });
    expect(crashed?.error).toMatchObject({ type: 'TypeError', message: 'boom', stack: expect.stringContaining('TypeError: boom') });
  });

  it('survives what JSON cannot hold: cycles, bigints, functions', () => {
    const { lines } = capture();
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    log.info('odd', { cyclic, big: 10n, fn: () => 1 });
    expect(lines()[0]).toMatchObject({ cyclic: { name: 'loop', self: '[circular]' }, big: '10' });
  });
});

describe('LOG_LEVEL', () => {
  it('keeps lines of its level and above', () => {
    const { lines } = capture('warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines().map((line) => line.level)).toEqual(['warn', 'error']);
    expect(logs('info')).toBe(false);
    expect(logs('warn')).toBe(true);
  });

  it('silent writes nothing', () => {
    const { raw } = capture('silent');
    log.fatal('f');
    expect(raw()).toEqual([]);
  });

  it('is parsed with the rest of the configuration: trace…fatal or silent, any case, default info', () => {
    expect(parseConfig({}).logLevel).toBe('info');
    expect(parseConfig({ LOG_LEVEL: '' }).logLevel).toBe('info');
    expect(parseConfig({ LOG_LEVEL: ' DEBUG ' }).logLevel).toBe('debug');
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']) expect(parseConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    expect(() => parseConfig({ LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => parseConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent/);
    expect(parseLogLevel({ LOG_LEVEL: 'Warn' })).toBe('warn');
    expect(parseLogLevel({ LOG_LEVEL: 'loud' })).toBeUndefined();
  });

  it('is silent under vitest unless a test captures the log or LOG_LEVEL is given (vitest.config.ts)', () => {
    expect(logs('fatal')).toBe(process.env.LOG_LEVEL !== 'silent');
  });
});
