import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureLog, type CapturedLog } from '@/test/capture-log';
import { expectedRefusal, logNextRefusals } from './next-refusals';

const CSRF_LINE = '`x-forwarded-host` header with value `127.0.0.1:3000` does not match `origin` header with value `evil.example` from a forwarded Server Actions request. Aborting the action.';

describe("Next.js's expected refusals", () => {
  it('are recognised by their own words, as a string or an Error', () => {
    expect(expectedRefusal([CSRF_LINE])).toBe(CSRF_LINE);
    expect(expectedRefusal([' ⨯', Object.assign(new Error('Invalid Server Actions request.'), { digest: '1' })])).toBe('Invalid Server Actions request.');
    expect(expectedRefusal(['Failed to find Server Action "abc". This request might be from an older or newer deployment.'])).toMatch(/^Failed to find/);
    expect(expectedRefusal([' ⨯', new Error('Cannot read properties of undefined')])).toBeUndefined();
    expect(expectedRefusal(['Invalid configuration: LOG_LEVEL must be one of …'])).toBeUndefined();
  });

  describe('once installed', () => {
    const { error, warn } = console;
    let captured: CapturedLog | undefined;
    afterEach(() => {
      console.error = error;
      console.warn = warn;
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('banqup-store-wizard.next-refusals')];
      captured?.restore();
    });

    it('log a refusal as one warn line without a stack, and pass anything else through', () => {
      const printed = vi.fn();
      console.error = printed;
      console.warn = printed;
      captured = captureLog('info');
      logNextRefusals();
      console.error(CSRF_LINE);
      console.error(' ⨯', new Error('Invalid Server Actions request.'));
      const crash = new Error('a real crash');
      console.error(' ⨯', crash);
      expect(captured.lines()).toMatchObject([
        { level: 'warn', msg: 'refused by Next.js', detail: CSRF_LINE },
        { level: 'warn', msg: 'refused by Next.js', detail: 'Invalid Server Actions request.' },
      ]);
      expect(captured.raw().join('\n')).not.toContain('    at ');
      expect(printed).toHaveBeenCalledTimes(1);
      expect(printed).toHaveBeenCalledWith(' ⨯', crash);
    });
  });
});
