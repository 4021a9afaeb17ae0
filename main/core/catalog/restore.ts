/** Puts a snapshot back as the library's catalog, keeping the current file (damaged or not) aside under a dated name. */
import { existsSync } from 'node:fs';
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { CorePaths } from '../paths.js';
import { listSnapshots } from './backup.js';
import { checkCatalogFile, inspectSnapshot, newestGoodSnapshot, type GoodSnapshot } from './catalog-health.js';
import { openCatalog } from './db.js';

/** A restore that cannot be done, in plain words. */
export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** What a restore did. */
export interface RestoreOutcome {
  /** The snapshot put back, or null when a new, empty catalog was asked for. */
  snapshot: GoodSnapshot | null;
  /** Where the previous catalog file (and its WAL files) went, or empty when there was none. */
  keptAside: string[];
}

async function chooseSnapshot(snapshotsDir: string, from: string | undefined, nativeBinding?: string): Promise<GoodSnapshot> {
  if (from === undefined) {
    const newest = await newestGoodSnapshot(snapshotsDir, nativeBinding);
    if (!newest) throw new RestoreError(`There is no good snapshot in ${snapshotsDir} to restore from.`);
    return newest;
  }
  const file = isAbsolute(from) || existsSync(from) ? resolve(from) : join(snapshotsDir, from);
  if (!existsSync(file)) throw new RestoreError(`There is no snapshot ${from} (looked for ${file}).`);
  const listed = (await listSnapshots(snapshotsDir)).find((s) => basename(s.file) === basename(file));
  const good = inspectSnapshot(file, listed?.createdAt ?? (await stat(file)).mtimeMs, nativeBinding);
  if (!good) throw new RestoreError(`The snapshot ${file} is damaged too; choose another one (see ${snapshotsDir}).`);
  return good;
}

/** "2026-12-03T08-12-00Z": a file-name-safe UTC time. */
function fileStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/u, 'Z')
    .replace(/:/gu, '-');
}

/**
 * Restores `from` (a snapshot file name in the library's snapshots folder, or a path), else the newest good snapshot.
 * The current catalog is renamed `catalog.db.damaged-<date>` (or `.replaced-<date>` when it was sound), with its
 * WAL files; the snapshot itself stays where it is. With `empty`, a new, empty catalog is started instead (the
 * person's explicit choice when no snapshot is good). A sound catalog is only replaced by a snapshot named in `from`.
 * Close every Shoebox using the library first.
 */
export async function restoreCatalog(
  paths: Pick<CorePaths, 'catalogFile' | 'snapshotsDir'>,
  opts: { from?: string; empty?: boolean; nativeBinding?: string; now?: number } = {},
): Promise<RestoreOutcome> {
  const catalog = paths.catalogFile;
  const sound = checkCatalogFile(catalog, opts.nativeBinding) === null;
  if (sound && opts.from === undefined) {
    throw new RestoreError(
      `The catalog ${catalog} is sound, so nothing was changed. To go back to a snapshot anyway, name it with --from (snapshots are in ${paths.snapshotsDir}).`,
    );
  }
  const snapshot = opts.empty ? null : await chooseSnapshot(paths.snapshotsDir, opts.from, opts.nativeBinding);
  const label = sound ? 'replaced' : 'damaged';
  const stamp = fileStamp(opts.now ?? Date.now());
  const keptAside: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(catalog + suffix)) continue;
    const aside = `${catalog}.${label}-${stamp}${suffix}`;
    await rename(catalog + suffix, aside);
    keptAside.push(aside);
  }
  const incoming = `${catalog}.restoring`;
  if (snapshot) await copyFile(snapshot.file, incoming);
  try {
    // Applies any migration newer than the snapshot and turns WAL on, so the restored file opens like any other.
    openCatalog(incoming, { nativeBinding: opts.nativeBinding }).close();
    await rename(incoming, catalog);
  } catch (err) {
    await rm(incoming, { force: true });
    throw err;
  }
  return { snapshot, keptAside };
}
