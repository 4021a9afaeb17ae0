/** The allowed media roots: cache plus library folders, looked up once until folders change. */
import { describe, expect, it } from 'vitest';
import type { Folder, Result } from '../../preload/contract.js';
import { createMediaRoots } from '../../main/platform/media-roots.js';

const folder = (id: number, path: string): Folder => ({
  id,
  path,
  status: 'online',
  statusReason: null,
  watchMode: 'events',
  watchReason: null,
  photoCount: 0,
  missingCount: 0,
  lastScanAt: null,
});

function fakeApi(results: Result<Folder[]>[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    listFolders: async () => results[Math.min(calls++, results.length - 1)]!,
  };
}

describe('createMediaRoots', () => {
  it('returns the cache and folder paths, caching until invalidated', async () => {
    const api = fakeApi([
      { ok: true, value: [folder(1, '/photos/a')] },
      { ok: true, value: [folder(1, '/photos/a'), folder(2, '/b')] },
    ]);
    const roots = createMediaRoots(api, '/lib/cache');
    expect(await roots.roots()).toEqual(['/lib/cache', '/photos/a']);
    expect(await roots.roots()).toEqual(['/lib/cache', '/photos/a']);
    expect(api.calls).toBe(1);
    roots.invalidate();
    expect(await roots.roots()).toEqual(['/lib/cache', '/photos/a', '/b']);
    expect(api.calls).toBe(2);
  });

  it('falls back to the cache alone when folders cannot be listed', async () => {
    const roots = createMediaRoots(fakeApi([{ ok: false, error: { code: 'io', message: 'x' } }]), '/lib/cache');
    expect(await roots.roots()).toEqual(['/lib/cache']);
  });

  it('forgets a thrown lookup so the next request tries again', async () => {
    let fail = true;
    const roots = createMediaRoots(
      {
        listFolders: async () => {
          if (fail) throw new Error('db closed');
          return { ok: true, value: [] };
        },
      },
      '/c',
    );
    await expect(roots.roots()).rejects.toThrow('db closed');
    fail = false;
    expect(await roots.roots()).toEqual(['/c']);
  });
});
