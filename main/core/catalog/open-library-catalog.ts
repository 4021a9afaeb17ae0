/** The library's catalog at start: a new one for a new library, the existing one when sound, otherwise a refusal. */
import type { CorePaths } from '../paths.js';
import { CatalogDamagedError, checkCatalogFile, isCorruptionError, libraryHadCatalog, newestGoodSnapshot } from './catalog-health.js';
import { openCatalog, type Db } from './db.js';

/**
 * Opens the library's catalog after a quick integrity check. A missing or empty catalog is created only when the
 * library shows no sign of ever having had one (no snapshots, no thumbnails); otherwise, and whenever the file is
 * damaged, throws {@link CatalogDamagedError} naming the newest good snapshot — nothing is written over the file.
 */
export async function openLibraryCatalog(
  paths: Pick<CorePaths, 'catalogFile' | 'snapshotsDir' | 'thumbsDir'>,
  nativeBinding?: string,
): Promise<Db> {
  const problem = checkCatalogFile(paths.catalogFile, nativeBinding, true);
  const fresh = (problem === 'missing' || problem === 'empty') && !(await libraryHadCatalog(paths.snapshotsDir, paths.thumbsDir));
  if (problem !== null && !fresh) {
    throw new CatalogDamagedError(problem, paths.catalogFile, await newestGoodSnapshot(paths.snapshotsDir, nativeBinding));
  }
  try {
    return openCatalog(paths.catalogFile, { nativeBinding });
  } catch (err) {
    if (!isCorruptionError(err)) throw err;
    throw new CatalogDamagedError('damaged', paths.catalogFile, await newestGoodSnapshot(paths.snapshotsDir, nativeBinding));
  }
}
