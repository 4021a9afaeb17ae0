/** Catalog photos: insert/update/get, presence, relink, newest-first paging, counts, errors and purge. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/core/catalog/db.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { saveEmbeddingError } from '../../main/core/catalog/embeddings.js';
import { upsertSkipped } from '../../main/core/catalog/skipped-files.js';
import {
  getPhoto,
  getPhotoByPath,
  insertPhoto,
  listErrors,
  listPhotoPage,
  markMissing,
  markPresent,
  photoCounts,
  purgeMissing,
  relinkPhoto,
  updatePhoto,
} from '../../main/core/catalog/photos.js';
import { tagPhoto, tagsOf, tempCatalog } from './temp-catalog.js';

let db: Db;
let cleanup: () => void;
let folderA: number;
let folderB: number;

beforeEach(() => {
  ({ db, cleanup } = tempCatalog());
  folderA = insertFolder(db, '/pics/a', '1');
  folderB = insertFolder(db, '/pics/b', '1');
});
afterEach(() => cleanup());

function add(folderId: number, path: string, mtimeMs: number, takenAt: number | null = null): number {
  const id = insertPhoto(db, { folderId, path, size: 100, mtimeMs, format: 'jpeg' });
  if (takenAt !== null) updatePhoto(db, id, { takenAt });
  return id;
}

describe('photos', () => {
  it('round-trips every column in camelCase', () => {
    const id = insertPhoto(db, { folderId: folderA, path: '/pics/a/x.jpg', size: 42, mtimeMs: 1000.7, format: 'jpeg', contentHash: 'h1' });
    updatePhoto(db, id, {
      width: 640,
      height: 480,
      takenAt: 5,
      cameraMake: 'Canon',
      cameraModel: 'R5',
      gpsLat: 1.5,
      gpsLon: -2.5,
      thumbPath: 't.webp',
    });
    const row = getPhoto(db, id);
    expect(row).toMatchObject({
      id,
      folderId: folderA,
      path: '/pics/a/x.jpg',
      size: 42,
      mtimeMs: 1001,
      contentHash: 'h1',
      format: 'jpeg',
      width: 640,
      height: 480,
      takenAt: 5,
      cameraMake: 'Canon',
      cameraModel: 'R5',
      gpsLat: 1.5,
      gpsLon: -2.5,
      presence: 'present',
      missingSince: null,
      error: null,
      thumbPath: 't.webp',
    });
    expect(row!.addedAt).toBeGreaterThan(0);
    expect(getPhotoByPath(db, '/pics/a/x.jpg')?.id).toBe(id);
    expect(getPhoto(db, 999)).toBeNull();
  });

  it('marks missing and present, and relinks keeping id and tags', () => {
    const id = add(folderA, '/pics/a/x.jpg', 1);
    tagPhoto(db, id, 'beach');
    expect(markMissing(db, [id], 777)).toBe(1);
    expect(markMissing(db, [id])).toBe(0);
    expect(getPhoto(db, id)).toMatchObject({ presence: 'missing', missingSince: 777 });
    expect(markPresent(db, [id])).toBe(1);
    expect(getPhoto(db, id)).toMatchObject({ presence: 'present', missingSince: null });
    markMissing(db, [id]);
    relinkPhoto(db, id, { folderId: folderB, path: '/pics/b/y.jpg', size: 100, mtimeMs: 2 });
    expect(getPhoto(db, id)).toMatchObject({ folderId: folderB, path: '/pics/b/y.jpg', presence: 'present' });
    expect(tagsOf(db, id)).toEqual(['beach']);
  });

  it('pages newest first by taken_at, falling back to mtime, optionally per folder', () => {
    const old = add(folderA, '/pics/a/old.jpg', 10, 100);
    const noDate = add(folderA, '/pics/a/nodate.jpg', 500);
    const recent = add(folderB, '/pics/b/new.jpg', 1, 1000);
    const page = listPhotoPage(db, { offset: 0, limit: 10 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.id)).toEqual([recent, noDate, old]);
    expect(listPhotoPage(db, { offset: 1, limit: 1 }).rows.map((r) => r.id)).toEqual([noDate]);
    const a = listPhotoPage(db, { offset: 0, limit: 10, folderId: folderA });
    expect(a.total).toBe(2);
    expect(a.rows.map((r) => r.id)).toEqual([noDate, old]);
  });

  it('counts present, missing, errors and skipped, and lists errors in words', () => {
    const ok = add(folderA, '/pics/a/1.jpg', 1);
    const broken = add(folderA, '/pics/a/2.jpg', 2);
    const failed = add(folderA, '/pics/a/3.jpg', 3);
    const gone = add(folderA, '/pics/a/4.jpg', 4);
    updatePhoto(db, broken, { error: 'Could not decode the file' });
    saveEmbeddingError(db, failed, 'm1', 'Model failed');
    markMissing(db, [gone]);
    upsertSkipped(db, folderA, [{ path: '/pics/a/v.mp4', reason: 'video' }]);
    expect(photoCounts(db)).toEqual({ present: 3, missing: 1, errors: 2, skipped: 1 });
    expect(photoCounts(db, 'other').errors).toBe(1);
    expect(listErrors(db)).toEqual([
      { path: '/pics/a/2.jpg', reason: 'Could not decode the file', folderId: folderA },
      { path: '/pics/a/3.jpg', reason: 'Model failed', folderId: folderA },
    ]);
    expect(getPhoto(db, ok)?.error).toBeNull();
  });

  it('purges only missing photos, per folder or everywhere', () => {
    const keep = add(folderA, '/pics/a/keep.jpg', 1);
    const goneA = add(folderA, '/pics/a/gone.jpg', 2);
    const goneB = add(folderB, '/pics/b/gone.jpg', 3);
    tagPhoto(db, keep, 'x');
    markMissing(db, [goneA, goneB]);
    expect(purgeMissing(db, folderA)).toBe(1);
    expect(getPhoto(db, goneA)).toBeNull();
    expect(getPhoto(db, goneB)).not.toBeNull();
    expect(purgeMissing(db, null)).toBe(1);
    expect(getPhoto(db, keep)).not.toBeNull();
    expect(tagsOf(db, keep)).toEqual(['x']);
  });
});
