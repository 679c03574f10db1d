import { describe, expect, it } from 'vitest';
import { adviceFor } from './advice';
import type { BanqupError } from './errors';

const error = (patch: Partial<BanqupError>): BanqupError => ({ kind: 'http', status: 500, title: 'Internal Server Error', detail: 'Banqup had a problem answering.', fieldErrors: {}, retryable: true, ...patch });

describe('what to do after a failed Banqup call', () => {
  it('a 5xx says how many times the wizard already tried, and what next', () => {
    expect(adviceFor(error({ status: 502, title: 'Bad Gateway' }), 3)?.text).toBe(
      'The wizard already tried 3 times. Retry in a few minutes; if it keeps failing, Banqup may be down: ask Banqup Support.',
    );
    expect(adviceFor(error({ status: 503, requestId: 'r-1' }), 2)?.text).toMatch(/^The wizard already tried 2 times.*quoting the request id\.$/);
    // Tried once (no retry configured): no claim of retries.
    expect(adviceFor(error({ status: 500 }), 1)?.text).toBe('Retry in a few minutes; if it keeps failing, Banqup may be down: ask Banqup Support.');
  });

  it('a POST that may have arrived, sent once, is left to the step (check at Banqup first)', () => {
    expect(adviceFor(error({ status: 502, maybeDelivered: true }), 1)).toBeUndefined();
    // A PUT (the logo) is retried although it may have arrived: the retries are said.
    expect(adviceFor(error({ status: 502, maybeDelivered: true }), 3)?.text).toMatch(/^The wizard already tried 3 times/);
  });

  it('a 401 or 403 points to the Connection page', () => {
    expect(adviceFor(error({ status: 401, title: 'Unauthorized' }), 1)).toEqual({ text: 'Check the token or the client id and secret on the Connection page, then retry.', connection: true });
    expect(adviceFor(error({ kind: 'auth', status: null }), 0)?.connection).toBe(true);
    expect(adviceFor(error({ status: 403 }), 1)).toMatchObject({ connection: true, text: expect.stringContaining('store_write') });
  });

  it('a 429 says when to retry', () => {
    expect(adviceFor(error({ status: 429, retryAfterMs: 30_000 }), 1)?.text).toBe('The button opens again when the wait Banqup asked for is over.');
    expect(adviceFor(error({ status: 429, retryAfterMs: 2_000 }), 3)?.text).toBe('The wizard already tried 3 times. The button opens again when the wait Banqup asked for is over.');
    expect(adviceFor(error({ status: 503, retryAfterMs: 30_000 }), 3)?.text).toBe(
      'The wizard already tried 3 times. The button opens again when the wait Banqup asked for is over. If it keeps failing, Banqup may be down: ask Banqup Support.',
    );
    expect(adviceFor(error({ status: 429 }), 1)?.text).toBe('Wait a minute, then retry.');
  });

  it('a refusal (4xx) needs the fields fixed, not advice on retrying', () => {
    expect(adviceFor(error({ status: 400, title: 'Bad Request', retryable: false }), 1)).toBeUndefined();
  });
});
