/** Catalog snapshots via SQLite's online backup: `<dir>/catalog-<timestamp>-<photos>p-<tags>t.db`, rotated with a spread. */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from './db.js';

/** One snapshot file on disk. `photos`/`taggings` are counted when it was taken (null for older snapshots). */
export interface Snapshot {
  file: string;
  createdAt: number;
  bytes: number;
  photos: number | null;
  taggings: number | null;
}

const pattern = /^catalog-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-\d+)?(?:-(\d+)p-(\d+)t)?\.db$/;

const HOUR = 3600_000;
/** Besides the newest snapshot and the newest one holding tags, the newest at least this old is kept, each. */
export const SPREAD_MS = [HOUR, 24 * HOUR, 7 * 24 * HOUR, 30 * 24 * HOUR];

/** A file-name-safe, sortable UTC timestamp. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/:/g, '-').replace('.', '-');
}

function parseName(name: string): Omit<Snapshot, 'file' | 'bytes'> | null {
  const m = pattern.exec(name);
  if (!m) return null;
  const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number);
  return {
    createdAt: Date.UTC(y!, mo! - 1, d, h, mi, s, ms),
    photos: m[8] === undefined ? null : Number(m[8]),
    taggings: m[9] === undefined ? null : Number(m[9]),
  };
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
    const parsed = parseName(name);
    if (parsed === null) continue;
    const file = join(dir, name);
    found.push({ file, bytes: (await stat(file)).size, ...parsed });
  }
  return found.sort((a, b) => b.createdAt - a.createdAt || b.file.localeCompare(a.file));
}

/**
 * Which snapshots rotation keeps: the newest; the newest holding tags (never traded for newer ones without tags);
 * and for each age A in {@link SPREAD_MS} the newest at least A old and the oldest younger than A (which becomes the
 * next "at least A old" as it ages), so there is always a copy between A and 2A old: the copies spread over the last
 * hour, day, week and month. `snapshots` is newest first.
 */
export function snapshotsToKeep(snapshots: readonly Snapshot[], now: number): Set<Snapshot> {
  const keep = new Set<Snapshot>();
  const newest = snapshots[0];
  if (!newest) return keep;
  keep.add(newest);
  const tagged = snapshots.find((s) => s.taggings === null || s.taggings > 0);
  if (tagged) keep.add(tagged);
  for (const age of SPREAD_MS) {
    const older = snapshots.find((s) => now - s.createdAt >= age);
    const younger = snapshots.filter((s) => now - s.createdAt < age).pop();
    if (older) keep.add(older);
    if (younger) keep.add(younger);
  }
  return keep;
}

/** Deletes the snapshots {@link snapshotsToKeep} does not keep; returns what is left, newest first. */
export async function rotateSnapshots(dir: string, now = Date.now()): Promise<Snapshot[]> {
  const all = await listSnapshots(dir);
  const keep = snapshotsToKeep(all, now);
  for (const s of all) if (!keep.has(s)) await rm(s.file, { force: true });
  return all.filter((s) => keep.has(s));
}

/**
 * Writes a consistent copy of the open catalog (online backup: readers and writers keep going), named with its
 * counts of photos and tag assignments, then rotates. The copy is written under a temporary name and renamed, so a
 * crash never leaves a half snapshot that looks whole.
 */
export async function snapshotCatalog(db: Db, dir: string, now = Date.now()): Promise<Snapshot> {
  await mkdir(dir, { recursive: true });
  const counts = db.prepare('SELECT (SELECT COUNT(*) FROM photos) AS photos, (SELECT COUNT(*) FROM photo_tags) AS taggings').get() as {
    photos: number;
    taggings: number;
  };
  const taken = new Set(await readdir(dir));
  const name = (n: number) => `catalog-${stamp(now)}${n === 0 ? '' : `-${n}`}-${counts.photos}p-${counts.taggings}t.db`;
  let n = 0;
  while (taken.has(name(n))) n++;
  const file = join(dir, name(n));
  const partial = `${file}.partial`;
  await db.backup(partial);
  await rename(partial, file);
  await rotateSnapshots(dir, now);
  return { file, createdAt: now, bytes: (await stat(file)).size, ...counts };
}

/**
 * Takes a snapshot when the newest one is older than `minIntervalMs` (or there is none). Returns it, or null when
 * not due.
 */
export async function snapshotIfDue(db: Db, dir: string, minIntervalMs: number, now = Date.now()): Promise<Snapshot | null> {
  const newest = (await listSnapshots(dir))[0];
  if (newest && now - newest.createdAt < minIntervalMs) return null;
  return snapshotCatalog(db, dir, now);
}
