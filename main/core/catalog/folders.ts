/** The folders table: library roots with their status, watch mode and per-folder photo counts. */
import type { Folder, FolderStatus, WatchMode } from '../../../preload/contract.js';
import type { Db } from './db.js';

/** One folders row, every column in camelCase. */
export interface FolderRow {
  id: number;
  path: string;
  deviceId: string | null;
  status: FolderStatus;
  statusReason: string | null;
  watchMode: WatchMode;
  watchReason: string | null;
  addedAt: number;
  lastScanAt: number | null;
}

/** The folder columns that may change after it was added. */
export type FolderPatch = Partial<Omit<FolderRow, 'id' | 'path' | 'addedAt'>>;

const columnOf: Record<keyof FolderPatch, string> = {
  deviceId: 'device_id',
  status: 'status',
  statusReason: 'status_reason',
  watchMode: 'watch_mode',
  watchReason: 'watch_reason',
  lastScanAt: 'last_scan_at',
};

const rowColumns = `f.id, f.path, f.device_id AS deviceId, f.status, f.status_reason AS statusReason,
  f.watch_mode AS watchMode, f.watch_reason AS watchReason, f.added_at AS addedAt, f.last_scan_at AS lastScanAt`;

const folderWithCounts = `SELECT ${rowColumns},
  (SELECT COUNT(*) FROM photos p WHERE p.folder_id = f.id AND p.presence = 'present') AS photoCount,
  (SELECT COUNT(*) FROM photos p WHERE p.folder_id = f.id AND p.presence = 'missing') AS missingCount
  FROM folders f`;

type RowWithCounts = FolderRow & { photoCount: number; missingCount: number };

function toFolder(r: RowWithCounts): Folder {
  return {
    id: r.id,
    path: r.path,
    status: r.status,
    statusReason: r.statusReason,
    watchMode: r.watchMode,
    watchReason: r.watchReason,
    photoCount: r.photoCount,
    missingCount: r.missingCount,
    lastScanAt: r.lastScanAt,
  };
}

/** Adds a library root and returns its id. `path` must be absolute and unique (the library validates it). */
export function insertFolder(db: Db, path: string, deviceId: string | null, now = Date.now()): number {
  const info = db.prepare('INSERT INTO folders (path, device_id, added_at) VALUES (?, ?, ?)').run(path, deviceId, now);
  return Number(info.lastInsertRowid);
}

/** One folders row by id, or null. */
export function getFolderRow(db: Db, id: number): FolderRow | null {
  return (db.prepare(`SELECT ${rowColumns} FROM folders f WHERE f.id = ?`).get(id) as FolderRow | undefined) ?? null;
}

/** Every folders row, in the order they were added. */
export function listFolderRows(db: Db): FolderRow[] {
  return db.prepare(`SELECT ${rowColumns} FROM folders f ORDER BY f.id`).all() as FolderRow[];
}

/** One folder as the contract shows it (with present and missing photo counts), or null. */
export function getFolder(db: Db, id: number): Folder | null {
  const row = db.prepare(`${folderWithCounts} WHERE f.id = ?`).get(id) as RowWithCounts | undefined;
  return row ? toFolder(row) : null;
}

/** Every folder as the contract shows it, in the order they were added. */
export function listFolders(db: Db): Folder[] {
  return (db.prepare(`${folderWithCounts} ORDER BY f.id`).all() as RowWithCounts[]).map(toFolder);
}

/** Changes the given columns of one folder. */
export function updateFolder(db: Db, id: number, patch: FolderPatch): void {
  const keys = (Object.keys(patch) as (keyof FolderPatch)[]).filter((k) => patch[k] !== undefined && k in columnOf);
  if (keys.length === 0) return;
  const sets = keys.map((k) => `${columnOf[k]} = ?`).join(', ');
  db.prepare(`UPDATE folders SET ${sets} WHERE id = ?`).run(...keys.map((k) => patch[k]), id);
}

/**
 * Removes a folder from the catalog with its photos (and, by cascade, their embeddings, jobs and tags).
 * Files on disk are never touched. Returns the number of photos removed, or null when the folder is unknown.
 */
export function deleteFolder(db: Db, id: number): number | null {
  return db.transaction(() => {
    if (!getFolderRow(db, id)) return null;
    const removed = db.prepare('DELETE FROM photos WHERE folder_id = ?').run(id).changes;
    db.prepare('DELETE FROM folders WHERE id = ?').run(id);
    return removed;
  }).immediate();
}
