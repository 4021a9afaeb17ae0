/** The folders media may be served from: the library cache plus every library folder, cached between requests. */
import type { ShoeboxApi } from '../../preload/contract.js';

/** A cached list of allowed roots; `invalidate` after folders change. */
export interface MediaRoots {
  roots(): Promise<string[]>;
  invalidate(): void;
}

/** Roots = `cacheDir` and the paths of `api.listFolders()`, looked up once until invalidated. */
export function createMediaRoots(api: Pick<ShoeboxApi, 'listFolders'>, cacheDir: string): MediaRoots {
  let cached: Promise<string[]> | null = null;
  const load = async (): Promise<string[]> => {
    const folders = await api.listFolders();
    return folders.ok ? [cacheDir, ...folders.value.map((f) => f.path)] : [cacheDir];
  };
  return {
    roots() {
      cached ??= load().catch((err: unknown) => {
        cached = null;
        throw err;
      });
      return cached;
    },
    invalidate() {
      cached = null;
    },
  };
}
