import { describe, expect, it } from 'vitest';
import { checkBuildKey } from '@/lib/config-check';
import { parseActionsManifest, runningDistDir } from './build-info';

describe("the running build's actions and key", () => {
  it('reads the action ids and the key from server-reference-manifest.json', () => {
    const info = parseActionsManifest(JSON.stringify({ node: { '7f01': { workers: {} }, '7f02': { workers: {} } }, edge: {}, encryptionKey: 'k3y=' }), '.next');
    expect([...info.actionIds]).toEqual(['7f01', '7f02']);
    expect(info.encryptionKey).toBe('k3y=');
  });

  it('finds the build directory: the standalone server’s frozen configuration, NEXT_DIST_DIR, or .next', () => {
    expect(runningDistDir({})).toBe('.next');
    expect(runningDistDir({ NEXT_DIST_DIR: '.next-e2e' })).toBe('.next-e2e');
    expect(runningDistDir({ NEXT_DIST_DIR: '.next-e2e', __NEXT_PRIVATE_STANDALONE_CONFIG: JSON.stringify({ distDir: '.next-docker' }) })).toBe('.next-docker');
    expect(runningDistDir({ __NEXT_PRIVATE_STANDALONE_CONFIG: '{not json' })).toBe('.next');
  });

  it('stops start-up when NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not the key the build was made with', () => {
    expect(() => checkBuildKey({ actionsEncryptionKey: 'b' }, { encryptionKey: 'a' })).toThrow(
      /^Invalid configuration: NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not the key this build was made with: give the same key to `npm run build`/,
    );
    expect(() => checkBuildKey({ actionsEncryptionKey: 'a' }, { encryptionKey: 'a' })).not.toThrow();
    expect(() => checkBuildKey({ actionsEncryptionKey: undefined }, { encryptionKey: 'a' })).not.toThrow(); // PGlite: one process, nothing to agree on
    expect(() => checkBuildKey({ actionsEncryptionKey: 'a' }, undefined)).not.toThrow(); // no build (a dev server)
  });
});
