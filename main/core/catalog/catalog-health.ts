/** Checks a catalog before opening it: a missing, empty or damaged catalog of a library that had one is never replaced. */
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { listSnapshots } from './backup.js';
import { unchangedSinceCleanClose } from './verified-marker.js';

/** What is wrong with a catalog file. */
export type CatalogProblem = 'missing' | 'empty' | 'unreadable' | 'damaged';

/** A snapshot that passed SQLite's quick check, with what it holds. */
export interface GoodSnapshot {
  file: string;
  createdAt: number;
  photos: number;
  /** Distinct tags on at least one photo. */
  tags: number;
  /** Photos with at least one tag. */
  taggedPhotos: number;
}

const WHAT: Record<CatalogProblem, string> = {
  missing: 'is missing',
  empty: 'is empty (0 bytes)',
  unreadable: 'cannot be opened (check that it is readable by you)',
  damaged: 'is damaged (it is not a sound SQLite database)',
};

/** "3 Dec 2026, 08:12 UTC" */
export function formatSnapshotDate(ms: number): string {
  const d = new Date(ms);
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

/** One line describing a snapshot: its date and counts. */
export function describeSnapshot(s: GoodSnapshot): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${formatSnapshotDate(s.createdAt)} (${plural(s.photos, 'photo')}, ${plural(s.tags, 'tag')} on ${plural(s.taggedPhotos, 'photo')})`;
}

/** Thrown instead of opening (or creating) a catalog that is missing, empty or damaged while the library had one. */
export class CatalogDamagedError extends Error {
  constructor(
    readonly problem: CatalogProblem,
    readonly catalogFile: string,
    readonly snapshot: GoodSnapshot | null,
  ) {
    const offer = snapshot
      ? `The newest good snapshot is from ${describeSnapshot(snapshot)}; it can be restored, and the current file is kept aside.`
      : 'No good snapshot was found to restore from.';
    super(`The catalog ${catalogFile} ${WHAT[problem]}. Shoebox did not start an empty one in its place. ${offer}`);
    this.name = 'CatalogDamagedError';
  }
}

/** Whether an error from SQLite means the file is not a sound database. */
export function isCorruptionError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'));
}

const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function hasSqliteHeader(file: string): boolean {
  const head = Buffer.alloc(MAGIC.length);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC);
  } finally {
    closeSync(fd);
  }
}

/**
 * Returns the problem of the catalog `file`, or null when it is sound: it must exist, be non-empty, start with the
 * SQLite header and pass `PRAGMA quick_check` (reads the whole file; skipped when `trustCleanClose` and the file is
 * exactly as Shoebox left it at its last clean close).
 */
export function checkCatalogFile(file: string, nativeBinding?: string, trustCleanClose = false): CatalogProblem | null {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return 'missing';
  }
  if (size === 0) return 'empty';
  let db: Database.Database | null = null;
  try {
    if (!hasSqliteHeader(file)) return 'damaged';
    db = new Database(file, { nativeBinding, fileMustExist: true });
    if (trustCleanClose && unchangedSinceCleanClose(file)) return null;
    return db.pragma('quick_check', { simple: true }) === 'ok' ? null : 'damaged';
  } catch (err) {
    return isCorruptionError(err) ? 'damaged' : 'unreadable';
  } finally {
    db?.close();
  }
}

/** The contents of a sound snapshot, or null when it is damaged. */
export function inspectSnapshot(file: string, createdAt: number, nativeBinding?: string): GoodSnapshot | null {
  if (checkCatalogFile(file, nativeBinding) !== null) return null;
  const db = new Database(file, { nativeBinding, readonly: true });
  try {
    const c = db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM photos) AS photos, (SELECT COUNT(DISTINCT tag_id) FROM photo_tags) AS tags,
           (SELECT COUNT(DISTINCT photo_id) FROM photo_tags) AS taggedPhotos`,
      )
      .get() as Omit<GoodSnapshot, 'file' | 'createdAt'>;
    return { file, createdAt, ...c };
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/** The newest snapshot in `dir` that passes the quick check, or null. */
export async function newestGoodSnapshot(dir: string, nativeBinding?: string): Promise<GoodSnapshot | null> {
  for (const s of await listSnapshots(dir)) {
    const good = inspectSnapshot(s.file, s.createdAt, nativeBinding);
    if (good) return good;
  }
  return null;
}

/** Whether the library folder shows it had a catalog: snapshots, or thumbnails in the cache. */
export async function libraryHadCatalog(snapshotsDir: string, thumbsDir: string): Promise<boolean> {
  if ((await listSnapshots(snapshotsDir)).length > 0) return true;
  return existsSync(thumbsDir) && readdirSync(thumbsDir).length > 0;
}
