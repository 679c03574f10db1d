import { describe, expect, it } from 'vitest';
import type { AtBanqupView } from '@/lib/wizard/holdings';
import type { StepStatus } from '@/lib/wizard/status';
import { isReady, readiness, type ReadinessInput } from './readiness';

const sent = (step: number): StepStatus => ({ step, state: 'sent', sentCount: 1, pendingCount: 0 });
const complete: ReadinessInput = {
  mode: 'api',
  applicationId: '2aa7c756-6d55-44b6-9b60-06212611cfd6',
  statuses: [1, 2, 3, 4, 5, 6, 7, 8, 9].map(sent),
  locales: [{ locale: 'en-GB', displayName: 'Purchase app', shortDescription: 'Manage purchase invoices', description: 'x'.repeat(200) }],
  logo: { width: 512, height: 512, contentType: 'image/png' },
  media: [1, 2, 3].map(() => ({ width: 1600, height: 900, contentType: 'image/png' })),
  spaceTypes: ['BUSINESS'],
  spaceSegments: ['SME'],
  brandName: 'Banqup',
  countries: ['BE', 'NL'],
  version: '1.0.0',
  previousVersions: [],
  callbackUrls: ['https://app.example/add'],
};
const item = (input: ReadinessInput, id: string) => readiness(input).find((i) => i.id === id);

describe('readiness checklist', () => {
  it('passes a complete registration with no warning', () => {
    const items = readiness(complete);
    expect(items.filter((i) => i.level !== 'ok')).toEqual([]);
    expect(isReady(items)).toBe(true);
  });

  it('lists a missing logo as an error linking to step 3', () => {
    const input = { ...complete, logo: null, statuses: complete.statuses.map((s) => (s.step === 3 ? { ...s, state: 'not_started' as const } : s)) };
    expect(item(input, 'logo')).toMatchObject({ level: 'error', label: 'No logo', step: 3 });
    expect(isReady(readiness(input))).toBe(false);
  });

  it('wants every step 2–9 sent, and not changed since', () => {
    const input = { ...complete, statuses: complete.statuses.map((s) => (s.step === 7 ? { ...s, state: 'changed' as const, message: '1 change not sent yet.' } : s)) };
    expect(item(input, 'step-7-sent')).toMatchObject({ level: 'error', step: 7, detail: '1 change not sent yet.' });
  });

  it('catches brand and countries that disagree, and segments outside the space types', () => {
    expect(item({ ...complete, brandName: 'Jefacture', countries: ['FR', 'BE'] }, 'brand-countries')).toMatchObject({ level: 'error', step: 8 });
    expect(item({ ...complete, brandName: 'Jefacture', countries: ['FR'] }, 'brand-countries')?.level).toBe('ok');
    expect(item({ ...complete, spaceSegments: ['ACCOUNTING'] }, 'segments')).toMatchObject({ level: 'error', step: 6 });
  });

  it('treats http callbacks as a warning in sandbox mode and an error otherwise', () => {
    const insecure = { ...complete, callbackUrls: ['http://app.example/add'] };
    expect(item(insecure, 'https')?.level).toBe('error');
    expect(item({ ...insecure, mode: 'sandbox' }, 'https')?.level).toBe('warning');
  });

  it('wants the version greater than the previous one', () => {
    expect(item({ ...complete, version: '1.0.0', previousVersions: ['1.0.0'] }, 'version')?.level).toBe('error');
    expect(item({ ...complete, version: '1.1.0', previousVersions: ['1.0.0', '0.9.0'] }, 'version')).toMatchObject({ level: 'ok', label: 'Version 1.1.0 follows 1.0.0' });
  });

  it('warns, without blocking, on lengths and image sizes', () => {
    const input = {
      ...complete,
      locales: [{ locale: 'fr-BE', displayName: 'Un nom beaucoup trop long pour une carte', shortDescription: 'ok', description: 'court' }],
      media: [{ width: 800, height: 600, contentType: 'image/png' }],
    };
    const warnings = readiness(input).filter((i) => i.level === 'warning');
    // 800×600 is small and 4:3: the media step says both under the file, and so does the checklist.
    expect(warnings.map((w) => w.id).sort()).toEqual(['length-fr-BE-description', 'length-fr-BE-displayName', 'media-count', 'media-shape', 'media-size']);
    expect(isReady(readiness(input))).toBe(true);
  });

  it('counts outcome-unknown items, possible duplicates and items left at Banqup as things to resolve', () => {
    const view = (step: number, extra: Partial<AtBanqupView>): AtBanqupView => ({ step, held: [], uncertain: [], inFlight: [], pending: [], blocked: [], consequences: [], ...extra });
    const held = (label: string, wanted: boolean) => ({ ledgerId: 1, key: label, label, remoteId: null, sentAt: '2026-11-27T10:00:00.000Z', wanted, checked: false });
    const input: ReadinessInput = {
      ...complete,
      statuses: complete.statuses.map((s) => (s.step === 8 ? { ...s, state: 'unknown' as const, message: '1 item may have arrived at Banqup (Belgium (BE))' } : s)),
      atBanqup: [
        view(7, { held: [held('Banqup', false), held('Jefacture', true)] }),
        view(8, { uncertain: [{ ledgerId: 2, key: 'location:BE', label: 'Belgium (BE)', sentAt: '2026-11-27T10:00:00.000Z', error: null, resent: true }] }),
      ],
    };
    expect(item(input, 'step-8-sent')).toMatchObject({ level: 'error', label: 'Locations: the outcome of a send is unknown' });
    expect(item(input, 'leftover-7')).toMatchObject({ level: 'error', label: 'Brand: Banqup holds 1 item no longer wanted', detail: expect.stringMatching(/^Banqup: no API call can remove them/) });
    expect(item(input, 'maybe-duplicate-8')).toMatchObject({ level: 'warning', label: 'Locations: Banqup may hold Belgium (BE) twice' });
    expect(isReady(readiness(input))).toBe(false);
  });
});
