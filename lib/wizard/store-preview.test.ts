import { describe, expect, it } from 'vitest';
import { LISTING_LIMITS } from './listing-limits';
import { STORE_DISPLAY_LENGTHS, cutText, previewLocales, savedPreviewSources, storePreview, type PreviewTexts, type StorePreviewSources } from './store-preview';

const en: PreviewTexts = { locale: 'en-GB', displayName: 'Purchase app', shortDescription: 'Manage purchase invoices', description: 'Purchases app helps you manage your purchase invoices.' };
const fr: PreviewTexts = { locale: 'fr-BE', displayName: 'Achats', shortDescription: 'Gérez vos factures d’achat', description: 'L’application Achats vous aide.' };
const logo = { id: '11111111-1111-4111-8111-111111111111', fileName: 'logo.svg' };
const shotA = { id: '22222222-2222-4222-8222-222222222222', fileName: 'shot-a.png' };
const shotB = { id: '33333333-3333-4333-8333-333333333333', fileName: 'shot-b.png' };
const sources: StorePreviewSources = { locales: [en, fr], logo, media: [shotB, shotA] };

describe('storePreview', () => {
  it('shows the locale asked for, matched in any letter case', () => {
    const preview = storePreview(sources, 'FR-be');
    expect(preview.locale).toBe('fr-BE');
    expect(preview.locales).toEqual(['en-GB', 'fr-BE']);
    expect(preview.displayName.shown).toBe('Achats');
    expect(preview.shortDescription.shown).toBe('Gérez vos factures d’achat');
    expect(preview.description.text).toBe('L’application Achats vous aide.');
  });

  it('falls back to step 2’s first locale when the one asked for is not entered (or none is asked for)', () => {
    expect(storePreview(sources, 'de-DE').locale).toBe('en-GB');
    expect(storePreview(sources).displayName.shown).toBe('Purchase app');
    expect(storePreview({ ...sources, locales: [fr, en] }).locale).toBe('fr-BE');
  });

  it('shows another locale’s text for a field left blank, and says which locale it came from', () => {
    const blankFr = { ...fr, shortDescription: '  ', description: '' };
    const preview = storePreview({ ...sources, locales: [en, blankFr] }, 'fr-BE');
    expect(preview.displayName).toMatchObject({ shown: 'Achats' });
    expect(preview.displayName.from).toBeUndefined();
    expect(preview.shortDescription).toMatchObject({ shown: 'Manage purchase invoices', from: 'en-GB' });
    expect(preview.description).toMatchObject({ text: en.description, from: 'en-GB' });
  });

  it('leaves a field empty when no locale has it', () => {
    const preview = storePreview({ ...sources, locales: [{ ...en, description: '' }, { ...fr, description: '' }] }, 'fr-BE');
    expect(preview.description).toEqual({ text: '', shown: '', cut: false });
  });

  it('has no locale and empty texts before step 2 is filled in', () => {
    const preview = storePreview({ locales: [], logo: null, media: [] }, 'en-GB');
    expect(preview.locale).toBeUndefined();
    expect(preview.locales).toEqual([]);
    expect(preview.displayName.text).toBe('');
    expect(preview.logo).toBeNull();
    expect(preview.media).toEqual([]);
    expect(preview.warnings).toEqual([]);
  });

  it('keeps the media in their order, numbered from 1, with alt text from the data', () => {
    const preview = storePreview(sources, 'en-GB');
    expect(preview.media.map((item) => [item.position, item.fileName, item.src])).toEqual([
      [1, 'shot-b.png', `/api/assets/${shotB.id}`],
      [2, 'shot-a.png', `/api/assets/${shotA.id}`],
    ]);
    expect(preview.media[0]?.alt).toBe('Screenshot 1 of 2 of Purchase app (shot-b.png)');
    expect(preview.logo).toEqual({ src: `/api/assets/${logo.id}`, alt: 'Logo of Purchase app' });
    // The name in the alt text follows the locale.
    expect(storePreview(sources, 'fr-BE').logo?.alt).toBe('Logo of Achats');
  });

  it('cuts the card’s texts beyond the display lengths, and warns, at exactly those thresholds', () => {
    expect(STORE_DISPLAY_LENGTHS.displayName).toBe(LISTING_LIMITS.displayName.warnAbove);
    expect(STORE_DISPLAY_LENGTHS.shortDescription).toBe(LISTING_LIMITS.shortDescription.warnAbove);
    const atLimit = { ...en, displayName: 'n'.repeat(30), shortDescription: 's'.repeat(80) };
    const fits = storePreview({ ...sources, locales: [atLimit] });
    expect(fits.displayName).toMatchObject({ cut: false, shown: atLimit.displayName, limit: 30 });
    expect(fits.shortDescription).toMatchObject({ cut: false, shown: atLimit.shortDescription, limit: 80 });
    expect(fits.warnings).toEqual([]);

    const over = { ...en, displayName: 'n'.repeat(31), shortDescription: 's'.repeat(81) };
    const cut = storePreview({ ...sources, locales: [over] });
    expect(cut.displayName).toMatchObject({ cut: true, shown: `${'n'.repeat(30)}…` });
    expect(cut.shortDescription).toMatchObject({ cut: true, shown: `${'s'.repeat(80)}…` });
    expect(cut.warnings).toEqual([
      'The display name is 31 characters long: the store may cut it after 30 characters.',
      'The short description is 81 characters long: the store may cut it after 80 characters.',
    ]);
  });

  it('warns about a description past 4000 characters, per locale, without cutting it', () => {
    const long = { ...fr, description: 'd'.repeat(4001) };
    expect(storePreview({ ...sources, locales: [en, long] }, 'en-GB').warnings).toEqual([]);
    const preview = storePreview({ ...sources, locales: [en, long] }, 'fr-BE');
    expect(preview.description.cut).toBe(false);
    expect(preview.description.shown).toHaveLength(4001);
    expect(preview.warnings).toEqual(['The description is 4001 characters long: descriptions longer than 4000 characters are rarely read in full.']);
    expect(storePreview({ ...sources, locales: [{ ...fr, description: 'd'.repeat(4000) }] }).warnings).toEqual([]);
  });
});

describe('cutText', () => {
  it('never ends on half an emoji, and trims the space before the ellipsis', () => {
    expect(cutText('abc😀def', 4)).toEqual({ shown: 'abc…', cut: true });
    expect(cutText('abc defgh', 4)).toEqual({ shown: 'abc…', cut: true });
    expect(cutText('abc', undefined)).toEqual({ shown: 'abc', cut: false });
  });
});

describe('previewLocales', () => {
  it('keeps step 2’s order without blanks or repeats', () => {
    expect(previewLocales([en, { ...en, locale: '' }, fr, { ...fr, locale: 'FR-BE' }])).toEqual(['en-GB', 'fr-BE']);
  });
});

describe('savedPreviewSources', () => {
  const assets = [
    { ...logo, kind: 'logo' },
    { ...shotA, kind: 'media' },
    { ...shotB, kind: 'media' },
  ];

  it('reads steps 2–4’s saved drafts, media in their saved order, against the uploaded files', () => {
    const saved = savedPreviewSources(
      { info: { locales: [en, fr] }, logo: { logoAssetId: logo.id }, media: { media: [{ assetId: shotB.id }, { assetId: shotA.id }] } },
      assets,
    );
    expect(saved).toEqual({ locales: [en, fr], logo, media: [shotB, shotA] });
  });

  it('takes half-filled or missing drafts, and leaves out files no longer stored', () => {
    const saved = savedPreviewSources(
      { info: { locales: [{ locale: 'nl-BE', displayName: 'Aankopen' }, 'junk'] }, logo: { logoAssetId: '' }, media: { media: [{ assetId: 'gone' }, { assetId: shotA.id }, null] } },
      assets,
    );
    expect(saved.locales).toEqual([
      { locale: 'nl-BE', displayName: 'Aankopen', shortDescription: '', description: '' },
      { locale: '', displayName: '', shortDescription: '', description: '' },
    ]);
    expect(saved.logo).toBeNull();
    expect(saved.media).toEqual([shotA]);
    expect(savedPreviewSources({}, assets)).toEqual({ locales: [], logo: null, media: [] });
  });
});
