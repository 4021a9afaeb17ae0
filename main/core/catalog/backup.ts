/** Rotating catalog snapshots via SQLite's online backup: `<dir>/catalog-<timestamp>.db`, newest N kept. */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './db.js';

/** One snapshot file on disk. */
export interface Snapshot {
  file: string;
  createdAt: number;
  bytes: number;
}

const pattern = /^catalog-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-\d+)?\.db$/;

/** A file-name-safe, sortable UTC timestamp. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/:/g, '-').replace('.', '-');
}

function parseStamp(name: string): number | null {
  const m = pattern.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!);
}

/** Snapshots in `dir`, newest first. A missing folder means none. */
export async function listSnapshots(dir: string): Promise<Snapshot[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const found: Snapshot[] = [];
  for (const name of names) {
    const createdAt = parseStamp(name);
    if (createdAt === null) continue;
    const file = join(dir, name);
    found.push({ file, createdAt, bytes: (await stat(file)).size });
  }
  return found.sort((a, b) => b.createdAt - a.createdAt || b.file.localeCompare(a.file));
}

/**
 * Writes a consistent copy of the open catalog (online backup: readers and writers keep going), then deletes all
 * but the newest `keep` snapshots. The copy is written under a temporary name and renamed, so a crash never leaves
 * a half snapshot that looks whole.
 */
export async function snapshotCatalog(db: Db, dir: string, keep = 5, now = Date.now()): Promise<Snapshot> {
  await mkdir(dir, { recursive: true });
  const existing = new Set((await listSnapshots(dir)).map((s) => s.file));
  let file = join(dir, `catalog-${stamp(now)}.db`);
  for (let n = 1; existing.has(file); n++) file = join(dir, `catalog-${stamp(now)}-${n}.db`);
  const partial = `${file}.partial`;
  await db.backup(partial);
  await rename(partial, file);
  const all = await listSnapshots(dir);
  for (const old of all.slice(Math.max(1, keep))) await rm(old.file, { force: true });
  return { file, createdAt: now, bytes: (await stat(file)).size };
}

/**
 * Takes a snapshot when the newest one is older than `minIntervalMs` (or there is none). Returns it, or null when
 * not due.
 */
export async function snapshotIfDue(
  db: Db,
  dir: string,
  minIntervalMs: number,
  keep = 5,
  now = Date.now(),
): Promise<Snapshot | null> {
  const newest = (await listSnapshots(dir))[0];
  if (newest && now - newest.createdAt < minIntervalMs) return null;
  return snapshotCatalog(db, dir, keep, now);
}
