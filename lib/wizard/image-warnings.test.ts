import { describe, expect, it } from 'vitest';
import { isReady, readiness, type ReadinessInput } from '@/lib/registration/readiness';
import { logoWarnings, mediaWarnings, type ImageFacts } from './image-warnings';

const png = (width: number, height: number): ImageFacts => ({ contentType: 'image/png', width, height });
const svg: ImageFacts = { contentType: 'image/svg+xml', width: 300, height: 100 };

describe('what the store may show badly about an image', () => {
  it('a logo: not square, or too small to look sharp (an SVG has no size that matters)', () => {
    expect(logoWarnings(png(512, 512))).toEqual([]);
    expect(logoWarnings(png(1024, 512)).map((w) => w.kind)).toEqual(['square']);
    expect(logoWarnings(png(600, 400)).map((w) => w.kind)).toEqual(['square', 'size']);
    expect(logoWarnings(png(100, 100)).map((w) => w.kind)).toEqual(['size']);
    expect(logoWarnings(svg).map((w) => w.kind)).toEqual(['square']);
    expect(logoWarnings({ contentType: 'image/svg+xml', width: null, height: null })).toEqual([]);
  });

  it('a screenshot: not 16:9 or 16:10, or smaller than recommended (SVGs are not judged)', () => {
    expect(mediaWarnings(png(1600, 900))).toEqual([]);
    expect(mediaWarnings(png(1920, 1200))).toEqual([]);
    expect(mediaWarnings(png(1600, 1200)).map((w) => w.kind)).toEqual(['shape']);
    expect(mediaWarnings(png(800, 450)).map((w) => w.kind)).toEqual(['size']);
    expect(mediaWarnings(png(800, 600)).map((w) => w.kind)).toEqual(['shape', 'size']);
    expect(mediaWarnings(svg)).toEqual([]);
  });

  // One place: what the steps say under a file is what the checklist counts (it missed 16:9).
  it.each([
    ['a square 512 logo and 16:9 screenshots', png(512, 512), [png(1600, 900), png(1600, 900), png(1600, 900)]],
    ['a wide logo and a 4:3 screenshot', png(600, 300), [png(1600, 900), png(1600, 1200), png(1600, 900)]],
    ['a tiny logo and small, square screenshots', png(64, 64), [png(500, 500), png(500, 500), png(1600, 900)]],
  ] as const)('the checklist warns exactly where the steps do: %s', (_, logo, media) => {
    const input = {
      mode: 'api',
      applicationId: '2aa7c756-6d55-44b6-9b60-06212611cfd6',
      statuses: [],
      locales: [],
      logo,
      media: [...media],
      spaceTypes: [],
      spaceSegments: [],
      countries: [],
      previousVersions: [],
      callbackUrls: [],
    } as unknown as ReadinessInput;
    const checklist = readiness(input).filter((item) => /^(logo|media)-(square|size|shape)$/.test(item.id));
    const fromSteps = [
      ...logoWarnings(logo).map((w) => `logo-${w.kind}`),
      ...new Set(media.flatMap((image) => mediaWarnings(image).map((w) => `media-${w.kind}`))),
    ];
    expect(checklist.map((item) => item.id).sort()).toEqual([...fromSteps].sort());
    expect(checklist.every((item) => item.level === 'warning')).toBe(true);
    // Warnings never block on their own.
    expect(isReady(checklist)).toBe(true);
  });
});
