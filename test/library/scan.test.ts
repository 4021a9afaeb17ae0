/** Library scans on real folders: add, idempotent re-scan, edits, moves, copies, ignore/skip rules, loops, purge. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, renameSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getEmbedding, saveEmbedding } from '../../main/core/catalog/embeddings.js';
import { photoCounts } from '../../main/core/catalog/photos.js';
import { tagPhoto, tagsOf } from '../catalog/temp-catalog.js';
import { harness, photoAt, photoCount, writePhoto, type Harness } from './harness.js';

let h: Harness;
let root: string;
beforeEach(async () => {
  h = harness();
  root = join(h.dir, 'roots', 'Pictures');
  await writePhoto(join(root, 'a.jpg'), { r: 255, g: 0, b: 0 });
  await writePhoto(join(root, 'trip', 'b.jpg'), { r: 0, g: 255, b: 0 });
  await writePhoto(join(root, 'trip', 'deep', 'c.jpg'), { r: 0, g: 0, b: 255 });
});
afterEach(() => h.close());

async function addRoot(path = root): Promise<number> {
  const res = await h.library.addFolder(path);
  if (!res.ok) throw new Error(res.error.message);
  return res.value.id;
}

describe('library scan', () => {
  it('adds every photo once, asks to index them, and a re-scan changes nothing', async () => {
    const id = await addRoot();
    expect(photoCount(h.db)).toBe(3);
    expect(h.allIndexed().sort()).toEqual((h.db.prepare('SELECT id FROM photos').pluck().all() as number[]).sort());
    const row = h.db.prepare('SELECT * FROM photos WHERE path = ?').get(join(root, 'a.jpg')) as Record<string, unknown>;
    expect(row).toMatchObject({ format: 'jpeg', presence: 'present' });
    expect(String(row.content_hash)).toMatch(/^[0-9a-f]{64}$/);
    const before = JSON.stringify(h.db.prepare('SELECT * FROM photos ORDER BY id').all());
    h.indexed.length = 0;
    const again = await h.library.scanFolder(id);
    expect(again.ok && again.value).toMatchObject({ photoCount: 3, missingCount: 0, status: 'online' });
    expect(h.indexed).toEqual([]);
    expect(JSON.stringify(h.db.prepare('SELECT * FROM photos ORDER BY id').all())).toBe(before);
  });

  it('keeps id and tags on an in-place edit and asks to re-index it', async () => {
    const id = await addRoot();
    const path = join(root, 'a.jpg');
    const photo = photoAt(h.db, path)!;
    tagPhoto(h.db, photo.id, 'red');
    h.indexed.length = 0;
    await writePhoto(path, { r: 200, g: 50, b: 50 }, 48);
    await h.library.scanFolder(id);
    expect(photoAt(h.db, path)!.id).toBe(photo.id);
    expect(tagsOf(h.db, photo.id)).toEqual(['red']);
    expect(h.allIndexed()).toEqual([photo.id]);
  });

  it('a touch without a content change updates mtime but does not re-index', async () => {
    const id = await addRoot();
    const path = join(root, 'a.jpg');
    utimesSync(path, new Date(), new Date(Date.now() + 60_000));
    h.indexed.length = 0;
    await h.library.scanFolder(id);
    expect(h.indexed).toEqual([]);
  });

  it('marks vanished files missing (tags kept) and brings them back when they return', async () => {
    const id = await addRoot();
    const path = join(root, 'trip', 'deep', 'c.jpg');
    const photo = photoAt(h.db, path)!;
    tagPhoto(h.db, photo.id, 'blue');
    renameSync(path, join(h.dir, 'c-away.jpg'));
    await h.library.scanFolder(id);
    expect(photoAt(h.db, path)).toMatchObject({ id: photo.id, presence: 'missing' });
    expect(tagsOf(h.db, photo.id)).toEqual(['blue']);
    renameSync(join(h.dir, 'c-away.jpg'), path);
    h.indexed.length = 0;
    await h.library.scanFolder(id);
    expect(photoAt(h.db, path)).toMatchObject({ id: photo.id, presence: 'present' });
    expect(h.indexed).toEqual([]);
  });

  it('relinks a file moved while nobody watched: same id, embedding and tag, no re-index', async () => {
    const id = await addRoot();
    const from = join(root, 'a.jpg');
    const to = join(root, 'trip', 'renamed.jpg');
    const photo = photoAt(h.db, from)!;
    tagPhoto(h.db, photo.id, 'keep-me');
    saveEmbedding(h.db, photo.id, 'm', new Float32Array([0.6, 0.8]), null);
    h.indexed.length = 0;
    renameSync(from, to);
    await h.library.scanFolder(id);
    expect(photoAt(h.db, to)).toMatchObject({ id: photo.id, presence: 'present' });
    expect(photoAt(h.db, from)).toBeUndefined();
    expect(tagsOf(h.db, photo.id)).toEqual(['keep-me']);
    expect(Array.from(getEmbedding(h.db, photo.id, 'm')!)).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(h.indexed).toEqual([]);
  });

  it('keeps two identical copies as two photos', async () => {
    copyFileSync(join(root, 'a.jpg'), join(root, 'a-copy.jpg'));
    await addRoot();
    const a = photoAt(h.db, join(root, 'a.jpg'))!;
    const b = photoAt(h.db, join(root, 'a-copy.jpg'))!;
    expect(a.id).not.toBe(b.id);
    expect(photoCount(h.db, 'present')).toBe(4);
  });

  it('ignores hidden files and folders, counts skipped files quietly, and survives a symlink loop', async () => {
    await writePhoto(join(root, '.hidden.jpg'), { r: 1, g: 2, b: 3 });
    await writePhoto(join(root, '.cache', 'x.jpg'), { r: 4, g: 5, b: 6 });
    await writePhoto(join(root, '@eaDir', 'y.jpg'), { r: 7, g: 8, b: 9 });
    writeFileSync(join(root, 'Thumbs.db'), 'x');
    writeFileSync(join(root, 'clip.MP4'), 'not really a video');
    writeFileSync(join(root, 'a.xmp'), '<x/>');
    writeFileSync(join(root, 'notes.txt'), 'hello');
    symlinkSync(root, join(root, 'trip', 'loop'));
    symlinkSync('..', join(root, 'trip', 'deep', 'up'));
    const outside = join(h.dir, 'outside');
    await writePhoto(join(outside, 'linked.jpg'), { r: 99, g: 99, b: 0 });
    symlinkSync(root, join(outside, 'back-in'));
    symlinkSync(outside, join(root, 'elsewhere'));
    await addRoot();
    expect(photoCount(h.db)).toBe(4);
    expect(photoAt(h.db, join(root, 'elsewhere', 'linked.jpg'))?.presence).toBe('present');
    expect(photoCounts(h.db).skipped).toBe(3);
    const reasons = h.db.prepare('SELECT reason FROM skipped_files ORDER BY path').pluck().all();
    expect(reasons).toEqual(['Sidecar file (not indexed)', 'Video (not indexed)', 'Not a photo (.txt)']);
    unlinkSync(join(root, 'notes.txt'));
    const id = h.library.listFolders()[0]!.id;
    await h.library.scanFolder(id);
    expect(photoCounts(h.db).skipped).toBe(2);
  });

  it('refuses bad roots with a clear error', async () => {
    await addRoot();
    const cases: [string, string, RegExp][] = [
      ['relative/path', 'invalid_input', /full path/],
      [join(h.dir, 'nope'), 'not_found', /does not exist/],
      [join(root, 'a.jpg'), 'invalid_input', /is a file/],
      [join(root, 'trip'), 'conflict', /inside/],
      [join(h.dir, 'roots'), 'conflict', /contains/],
      [root + '/', 'conflict', /already in the library/],
    ];
    for (const [path, code, message] of cases) {
      const res = await h.library.addFolder(path);
      expect(res.ok, path).toBe(false);
      if (!res.ok) {
        expect(res.error.code, path).toBe(code);
        expect(res.error.message, path).toMatch(message);
      }
    }
    expect(h.library.listFolders()).toHaveLength(1);
  });

  it('removes a folder from the library without touching the files (kept hidden, tags and all), and purges only missing photos', async () => {
    const other = join(h.dir, 'roots', 'Other');
    await writePhoto(join(other, 'o1.jpg'), { r: 9, g: 9, b: 9 });
    await writePhoto(join(other, 'o2.jpg'), { r: 90, g: 9, b: 9 });
    const id = await addRoot();
    const otherId = await addRoot(other);
    unlinkSync(join(root, 'a.jpg'));
    unlinkSync(join(other, 'o1.jpg'));
    await h.library.scanFolder(id);
    await h.library.scanFolder(otherId);
    expect(photoCount(h.db, 'missing')).toBe(2);
    expect(await h.library.purgeMissing(id)).toBe(1);
    expect(photoAt(h.db, join(other, 'o1.jpg'))?.presence).toBe('missing');
    expect(await h.library.purgeMissing(null)).toBe(1);
    expect(photoCount(h.db)).toBe(3);
    const removed = await h.library.removeFolder(otherId);
    expect(removed).toEqual({ ok: true, value: { removed: 1 } });
    expect(photoAt(h.db, join(other, 'o2.jpg'))?.presence).toBe('missing');
    expect(h.library.listFolders().map((f) => f.id)).toEqual([id]);
    expect(await h.library.purgeMissing(null)).toBe(0);
    expect((await h.library.removeFolder(otherId)).ok).toBe(false);
    expect(existsSync(join(other, 'o2.jpg'))).toBe(true);
    // Undo: the folder comes back, scanned, with its photo present again (same row).
    const restored = await h.library.restoreFolder(otherId);
    expect(restored.ok && restored.value.photoCount).toBe(1);
    expect(photoAt(h.db, join(other, 'o2.jpg'))?.presence).toBe('present');
  });
});
