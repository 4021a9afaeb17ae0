/** Catalog folders (CRUD + counts), JSON settings, and rotating online-backup snapshots. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Db } from '../../main/core/catalog/db.js';
import {
  getFolder,
  getFolderRow,
  insertFolder,
  listFolders,
  removeFolder,
  restoreFolder,
  updateFolder,
} from '../../main/core/catalog/folders.js';
import { getPhoto, insertPhoto, markMissing } from '../../main/core/catalog/photos.js';
import { getSetting, setSetting } from '../../main/core/catalog/settings.js';
import { listSnapshots, snapshotCatalog, snapshotIfDue } from '../../main/core/catalog/backup.js';
import { tagPhoto, tempCatalog } from './temp-catalog.js';

let db: Db;
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ db, dir, cleanup } = tempCatalog()));
afterEach(() => cleanup());

describe('folders', () => {
  it('maps rows to the contract Folder with present and missing counts', () => {
    const id = insertFolder(db, '/photos', '2049');
    const p1 = insertPhoto(db, { folderId: id, path: '/photos/1.jpg', size: 1, mtimeMs: 1, format: 'jpeg' });
    insertPhoto(db, { folderId: id, path: '/photos/2.jpg', size: 1, mtimeMs: 1, format: 'jpeg' });
    markMissing(db, [p1]);
    updateFolder(db, id, { status: 'offline', statusReason: 'gone', watchMode: 'polling', watchReason: 'nfs', lastScanAt: 5 });
    expect(getFolder(db, id)).toEqual({
      id,
      path: '/photos',
      status: 'offline',
      statusReason: 'gone',
      watchMode: 'polling',
      watchReason: 'nfs',
      photoCount: 1,
      missingCount: 1,
      lastScanAt: 5,
    });
    expect(getFolderRow(db, id)?.deviceId).toBe('2049');
    expect(listFolders(db).map((f) => f.path)).toEqual(['/photos']);
    expect(getFolder(db, 42)).toBeNull();
  });

  it('removes a folder by hiding it: its photos go missing with their tags kept, and restore brings it back', () => {
    const id = insertFolder(db, '/photos', null);
    const p = insertPhoto(db, { folderId: id, path: '/photos/1.jpg', size: 1, mtimeMs: 1, format: 'jpeg' });
    tagPhoto(db, p, 'kept-tag');
    expect(removeFolder(db, id)).toBe(1);
    expect(getPhoto(db, p)?.presence).toBe('missing');
    expect(listFolders(db)).toEqual([]);
    expect(getFolderRow(db, id)).toBeNull();
    expect(removeFolder(db, id)).toBeNull();
    expect((db.prepare('SELECT COUNT(*) AS n FROM photo_tags WHERE photo_id = ?').get(p) as { n: number }).n).toBe(1);
    expect(restoreFolder(db, id)).toBe(true);
    expect(listFolders(db).map((f) => f.path)).toEqual(['/photos']);
    expect(restoreFolder(db, id)).toBe(false);
  });
});

describe('settings', () => {
  it('stores typed JSON values with fallbacks', () => {
    expect(getSetting(db, 'theme', 'system')).toBe('system');
    setSetting(db, 'theme', 'dark');
    setSetting(db, 'obj', { a: [1, 2], b: null });
    expect(getSetting(db, 'theme', 'system')).toBe('dark');
    expect(getSetting(db, 'obj', {})).toEqual({ a: [1, 2], b: null });
    db.prepare(`UPDATE settings SET value = '{broken' WHERE key = 'obj'`).run();
    expect(getSetting(db, 'obj', { fallback: true })).toEqual({ fallback: true });
    setSetting(db, 'theme', undefined);
    expect(getSetting(db, 'theme', 'light')).toBe('light');
  });
});

describe('backup', () => {
  it('writes valid SQLite snapshots containing the tags, named with their counts', async () => {
    const snaps = join(dir, 'snapshots');
    db.prepare('INSERT INTO tags (name, created_at) VALUES (?, ?)').run('sunset', 1);
    const first = await snapshotCatalog(db, snaps, Date.UTC(2024, 0, 1));
    expect(first).toMatchObject({ photos: 0, taggings: 0 });
    expect(first.file).toMatch(/catalog-2024-01-01T00-00-00-000Z-0p-0t\.db$/);
    const copy = new Database(first.file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT name FROM tags').all() as { name: string }[]).map((r) => r.name)).toEqual(['sunset']);
    copy.close();
    expect(await snapshotIfDue(db, snaps, 60_000, Date.UTC(2024, 0, 1) + 1000)).toBeNull();
    const due = await snapshotIfDue(db, snaps, 60_000, Date.UTC(2024, 0, 4));
    expect(due?.file).toContain('catalog-2024-01-04T00-00-00-000Z-0p-0t.db');
    expect(await listSnapshots(join(dir, 'nowhere'))).toEqual([]);
  });
});
