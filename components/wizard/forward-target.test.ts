import { describe, expect, it } from 'vitest';
import { forwardOf, fromSummary, primaryAction } from './forward-target';

const ID = '6b1a3c0e-1f2d-4e5a-9b7c-8d9e0f1a2b3c';

describe('where a step’s primary action leads', () => {
  it('on to the next step, and from step 9 to the summary', () => {
    expect(forwardOf(ID, 1, false)).toEqual({ href: `/registrations/${ID}/info`, toSummary: false });
    expect(forwardOf(ID, 2, false).href).toBe(`/registrations/${ID}/logo`);
    expect(forwardOf(ID, 8, false).href).toBe(`/registrations/${ID}/version`);
    expect(forwardOf(ID, 9, false).href).toBe(`/registrations/${ID}/summary`);
  });

  it('back to the summary when opened from it: only ?from=summary counts', () => {
    expect(forwardOf(ID, 4, true)).toEqual({ href: `/registrations/${ID}/summary`, toSummary: true });
    expect(fromSummary({ from: 'summary' })).toBe(true);
    for (const from of [undefined, '', 'Summary', 'summary ', 'https://evil.example', ['summary', 'summary']]) expect(fromSummary({ from })).toBe(false);
  });
});

describe('the primary action of a step', () => {
  const next = { toSummary: false };
  const label = (patch: Partial<Parameters<typeof primaryAction>[0]>) => primaryAction({ forward: next, state: 'draft', changedHere: false, failedCalls: false, sendLabel: 'Send to Banqup', ...patch });

  it('sends and continues while there is something to send', () => {
    for (const state of ['not_started', 'draft', 'changed', 'unknown', undefined]) expect(label({ state })).toEqual({ label: 'Send and continue', sends: true });
    // Typed since the last save: the step list's "Sent" is not the whole story.
    expect(label({ state: 'sent', changedHere: true })).toEqual({ label: 'Send and continue', sends: true });
  });

  it('only continues, sending nothing, when Banqup holds everything and nothing changed here', () => {
    expect(label({ state: 'sent' })).toEqual({ label: 'Continue', sends: false });
    expect(label({ state: 'extra' })).toEqual({ label: 'Continue', sends: false });
  });

  it('retries failed calls after a failure', () => {
    expect(label({ failedCalls: true })).toEqual({ label: 'Retry failed calls', sends: true });
    expect(label({ state: 'failed' })).toEqual({ label: 'Retry failed calls', sends: true });
    expect(label({ state: 'failed', changedHere: true })).toEqual({ label: 'Send and continue', sends: true });
  });

  it('says so when it leads back to the summary', () => {
    expect(label({ forward: { toSummary: true } })).toEqual({ label: 'Send and return to the summary', sends: true });
    expect(label({ forward: { toSummary: true }, state: 'sent' })).toEqual({ label: 'Return to the summary', sends: false });
  });

  it('outside a step page it only sends, as it says', () => {
    expect(label({ forward: null, state: 'sent' })).toEqual({ label: 'Send to Banqup', sends: true });
  });
});
