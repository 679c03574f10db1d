import { describe, expect, it } from 'vitest';
import nextConfig from '@/next.config.mjs';
import { LOGO_MAX_BYTES, MEDIA_MAX_BYTES, MULTIPART_MAX_BYTES } from './limits';

describe('upload limits', () => {
  it('the server actions body limit covers the largest upload', () => {
    const limit = String(nextConfig('phase-production-server').experimental?.serverActions?.bodySizeLimit ?? '1mb');
    const match = /^(\d+)mb$/i.exec(limit);
    expect(match).not.toBeNull();
    expect(Number(match?.[1]) * 1024 * 1024).toBeGreaterThanOrEqual(Math.max(LOGO_MAX_BYTES, MEDIA_MAX_BYTES));
  });

  it('the sandbox accepts a multipart body carrying a file at the limit', () => {
    expect(MULTIPART_MAX_BYTES).toBeGreaterThan(MEDIA_MAX_BYTES);
  });
});
