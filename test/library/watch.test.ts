/** Live watching with real chokidar: add, edit in place, delete, rename, move between roots, polling and rescans. */
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, renameSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getEmbedding, saveEmbedding } from '../../main/core/catalog/embeddings.js';
import { photoCounts } from '../../main/core/catalog/photos.js';
import type { LibraryOptions } from '../../main/core/library/library.js';
import { tagPhoto, tagsOf } from '../catalog/temp-catalog.js';
import { harness, photoAt, photoCount, waitFor, writePhoto, type Harness } from './harness.js';

let h: Harness;
afterEach(() => h.close());

/** A watched library with roots A (two photos) and B (empty). */
async function watched(options: LibraryOptions = {}): Promise<{ a: string; b: string; aId: number; bId: number }> {
  h = harness(options);
  const a = join(h.dir, 'roots', 'A');
  const b = join(h.dir, 'roots', 'B');
  await writePhoto(join(a, 'one.jpg'), { r: 250, g: 0, b: 0 });
  await writePhoto(join(a, 'two.jpg'), { r: 0, g: 250, b: 0 });
  await writePhoto(join(b, 'sub', 'b0.jpg'), { r: 3, g: 3, b: 3 });
  const ra = await h.library.addFolder(a);
  const rb = await h.library.addFolder(b);
  if (!ra.ok || !rb.ok) throw new Error('could not add roots');
  await h.library.startWatching({ reconcile: false });
  h.indexed.length = 0;
  return { a, b, aId: ra.value.id, bId: rb.value.id };
}

/** Tags a photo and gives it a fake embedding, as the indexer and the person would have. */
function adorn(path: string): number {
  const id = photoAt(h.db, path)!.id;
  tagPhoto(h.db, id, 'precious');
  saveEmbedding(h.db, id, 'model', new Float32Array([1, 0, 0]), 'hash');
  return id;
}

function expectAdorned(id: number): void {
  expect(tagsOf(h.db, id)).toEqual(['precious']);
  expect(Array.from(getEmbedding(h.db, id, 'model')!)).toEqual([1, 0, 0]);
}

describe('library watching', () => {
  it('picks up a new photo, an in-place edit (same id and tag, re-index) and a delete (missing, tag kept)', async () => {
    const { a } = await watched();
    const added = join(a, 'new.jpg');
    await writePhoto(added, { r: 10, g: 20, b: 200 });
    const row = await waitFor('new photo', () => photoAt(h.db, added));
    await h.library.idle();
    expect(h.allIndexed()).toEqual([row.id]);

    const id = adorn(join(a, 'one.jpg'));
    h.indexed.length = 0;
    await writePhoto(join(a, 'one.jpg'), { r: 200, g: 100, b: 0 }, 64);
    await waitFor('re-index after edit', () => h.allIndexed().includes(id));
    await h.library.idle();
    expect(photoAt(h.db, join(a, 'one.jpg'))!.id).toBe(id);
    expect(tagsOf(h.db, id)).toEqual(['precious']);

    unlinkSync(join(a, 'one.jpg'));
    await waitFor('missing', () => photoAt(h.db, join(a, 'one.jpg'))?.presence === 'missing');
    expect(tagsOf(h.db, id)).toEqual(['precious']);
    expect(h.changes.some((c) => c.kind === 'photos')).toBe(true);
  });

  it('a rename within a folder keeps id, embedding and tag without re-indexing', async () => {
    const { a } = await watched();
    const id = adorn(join(a, 'two.jpg'));
    renameSync(join(a, 'two.jpg'), join(a, 'two-renamed.jpg'));
    await waitFor('relinked', () => photoAt(h.db, join(a, 'two-renamed.jpg')));
    await h.library.idle();
    expect(photoAt(h.db, join(a, 'two-renamed.jpg'))).toMatchObject({ id, presence: 'present' });
    expect(photoAt(h.db, join(a, 'two.jpg'))).toBeUndefined();
    expectAdorned(id);
    expect(h.indexed).toEqual([]);
    expect(photoCount(h.db)).toBe(3);
  });

  it('a move to another library folder keeps id, embedding and tag without re-indexing', async () => {
    const { a, b, bId } = await watched();
    const id = adorn(join(a, 'one.jpg'));
    renameSync(join(a, 'one.jpg'), join(b, 'sub', 'moved.jpg'));
    await waitFor('moved', () => photoAt(h.db, join(b, 'sub', 'moved.jpg')));
    await h.library.idle();
    expect(photoAt(h.db, join(b, 'sub', 'moved.jpg'))).toMatchObject({ id, presence: 'present', folderId: bId });
    expectAdorned(id);
    expect(h.indexed).toEqual([]);
    expect(photoCount(h.db)).toBe(3);
  });

  it('a directory renamed inside a root keeps its photos', async () => {
    const { b } = await watched();
    const id = adorn(join(b, 'sub', 'b0.jpg'));
    renameSync(join(b, 'sub'), join(b, 'renamed-sub'));
    await waitFor('relinked', () => photoAt(h.db, join(b, 'renamed-sub', 'b0.jpg')));
    await h.library.idle();
    expect(photoAt(h.db, join(b, 'renamed-sub', 'b0.jpg'))).toMatchObject({ id, presence: 'present' });
    expectAdorned(id);
    expect(photoCount(h.db)).toBe(3);
  });

  it('counts and forgets skipped files as they come and go; ignores hidden ones', async () => {
    const { a } = await watched();
    writeFileSync(join(a, 'movie.mov'), 'x');
    writeFileSync(join(a, '.secret.jpg'), 'x');
    await waitFor('skipped counted', () => photoCounts(h.db).skipped === 1);
    unlinkSync(join(a, 'movie.mov'));
    await waitFor('skipped forgotten', () => photoCounts(h.db).skipped === 0);
    await h.library.idle();
    expect(photoCount(h.db)).toBe(3);
  });

  it('survives a symlink loop created while watching (no aliases catalogued) and follows a new link to a folder', async () => {
    const { a } = await watched();
    const outside = join(h.dir, 'outside');
    await writePhoto(join(outside, 'linked.jpg'), { r: 70, g: 0, b: 70 });
    symlinkSync(a, join(a, 'loop'));
    symlinkSync(outside, join(a, 'linked-folder'));
    await writePhoto(join(a, 'after-loop.jpg'), { r: 40, g: 40, b: 40 });
    await waitFor('photo after loop', () => photoAt(h.db, join(a, 'after-loop.jpg')));
    await waitFor('photo behind a new link', () => photoAt(h.db, join(a, 'linked-folder', 'linked.jpg')));
    await h.library.idle();
    expect(photoCount(h.db)).toBe(5);
    expect(h.db.prepare(`SELECT COUNT(*) FROM photos WHERE path LIKE '%/loop/%'`).pluck().get()).toBe(0);
  });

  it('watches a root that was added through a symlink, reporting paths under the chosen path', async () => {
    h = harness();
    const real = join(h.dir, 'real-pictures');
    await writePhoto(join(real, 'r0.jpg'), { r: 11, g: 22, b: 33 });
    const chosen = join(h.dir, 'roots', 'Pictures');
    symlinkSync(real, chosen);
    expect((await h.library.addFolder(chosen)).ok).toBe(true);
    expect(photoAt(h.db, join(chosen, 'r0.jpg'))?.presence).toBe('present');
    await h.library.startWatching({ reconcile: false });
    await writePhoto(join(real, 'sub', 'r1.jpg'), { r: 33, g: 22, b: 11 });
    await waitFor('photo via symlinked root', () => photoAt(h.db, join(chosen, 'sub', 'r1.jpg')));
    await h.library.idle();
    expect(photoCount(h.db)).toBe(2);
  });

  it('polling mode (forced, as for network drives) reports its watch mode and still sees changes', async () => {
    const { a, aId } = await watched({ forceWatchMode: 'polling', pollIntervalMs: 100 });
    expect(h.library.listFolders().find((f) => f.id === aId)).toMatchObject({ watchMode: 'polling' });
    expect(h.library.listFolders()[0]!.watchReason).toMatch(/Polling/);
    await writePhoto(join(a, 'polled.jpg'), { r: 1, g: 100, b: 1 });
    await waitFor('polled photo', () => photoAt(h.db, join(a, 'polled.jpg')));
  });

  it('rescan mode reports its watch mode and picks changes up on its interval', async () => {
    const { a, aId } = await watched({ forceWatchMode: 'rescan', rescanIntervalMs: 300 });
    expect(h.library.listFolders().find((f) => f.id === aId)).toMatchObject({ watchMode: 'rescan' });
    await writePhoto(join(a, 'rescanned.jpg'), { r: 1, g: 1, b: 100 });
    await waitFor('rescanned photo', () => photoAt(h.db, join(a, 'rescanned.jpg')));
  });
});

describe('copy-then-delete moves', () => {
  it('merges the copy into the original when the original is deleted: same id, embedding and tag', async () => {
    const { a, b } = await watched();
    const id = adorn(join(a, 'two.jpg'));
    copyFileSync(join(a, 'two.jpg'), join(b, 'two-copy.jpg'));
    const copy = await waitFor('copy catalogued', () => photoAt(h.db, join(b, 'two-copy.jpg')));
    await h.library.idle();
    expect(copy.id).not.toBe(id);
    expect(photoCount(h.db)).toBe(4);
    unlinkSync(join(a, 'two.jpg'));
    await waitFor('merged', () => photoAt(h.db, join(b, 'two-copy.jpg'))?.id === id);
    await h.library.idle();
    expect(photoAt(h.db, join(a, 'two.jpg'))).toBeUndefined();
    expectAdorned(id);
    expect(photoCount(h.db)).toBe(3);
  });
});
