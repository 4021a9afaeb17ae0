/** Offline volumes: a removed, emptied or swapped root changes nothing; when it returns it is reconciled online. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { tagPhoto, tagsOf } from '../catalog/temp-catalog.js';
import { harness, photoCount, waitFor, writePhoto, type Harness } from './harness.js';

let h: Harness;
let root: string;
let folderId: number;
let taggedId: number;

beforeEach(async () => {
  h = harness();
  root = join(h.dir, 'roots', 'Drive');
  for (let i = 0; i < 4; i++) await writePhoto(join(root, `p${i}.jpg`), { r: 60 * i, g: 10, b: 10 });
  const res = await h.library.addFolder(root);
  if (!res.ok) throw new Error(res.error.message);
  folderId = res.value.id;
  taggedId = h.db.prepare('SELECT id FROM photos ORDER BY id LIMIT 1').pluck().get() as number;
  tagPhoto(h.db, taggedId, 'family');
});
afterEach(() => h.close());

function folder() {
  return h.library.listFolders().find((f) => f.id === folderId)!;
}

function expectIntact(): void {
  expect(photoCount(h.db, 'present')).toBe(4);
  expect(photoCount(h.db, 'missing')).toBe(0);
  expect(tagsOf(h.db, taggedId)).toEqual(['family']);
}

/** Moves every entry of `from` into `to` (simulates a drive's contents disappearing and coming back). */
function moveAll(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) renameSync(join(from, name), join(to, name));
}

describe('offline volumes (scan)', () => {
  it('a removed root goes offline with a readable reason and nothing changes; back → online', async () => {
    renameSync(root, join(h.dir, 'unplugged'));
    const res = await h.library.scanFolder(folderId);
    expect(res.ok && res.value).toMatchObject({ status: 'offline', statusReason: 'The folder is not reachable — reconnect the drive.' });
    expectIntact();
    renameSync(join(h.dir, 'unplugged'), root);
    h.indexed.length = 0;
    expect((await h.library.scanFolder(folderId)).ok && folder()).toMatchObject({ status: 'online', statusReason: null, photoCount: 4 });
    expectIntact();
    expect(h.indexed).toEqual([]);
  });

  it('an emptied root (mount point without its drive) goes offline, not missing', async () => {
    moveAll(root, join(h.dir, 'elsewhere'));
    await h.library.scanFolder(folderId);
    expect(folder().status).toBe('offline');
    expect(folder().statusReason).toMatch(/empty although 4 photos/);
    expectIntact();
    moveAll(join(h.dir, 'elsewhere'), root);
    await h.library.scanFolder(folderId);
    expect(folder().status).toBe('online');
    expectIntact();
  });

  it('a different device at the root is offline; the original drive coming back is recognised', async () => {
    h.db.prepare('UPDATE folders SET device_id = ? WHERE id = ?').run('not-this-device', folderId);
    moveAll(root, join(h.dir, 'original-drive'));
    await writePhoto(join(root, 'stranger.jpg'), { r: 1, g: 200, b: 1 });
    await h.library.scanFolder(folderId);
    expect(folder()).toMatchObject({
      status: 'offline',
      statusReason: 'A different drive is mounted at this folder — reconnect the original drive.',
    });
    expectIntact();
    expect(photoCount(h.db)).toBe(4);
    renameSync(join(root, 'stranger.jpg'), join(h.dir, 'stranger.jpg'));
    moveAll(join(h.dir, 'original-drive'), root);
    await h.library.scanFolder(folderId);
    expect(folder().status).toBe('online');
    const dev = h.db.prepare('SELECT device_id FROM folders WHERE id = ?').pluck().get(folderId);
    expect(dev).not.toBe('not-this-device');
    expectIntact();
  });
});

describe('offline volumes (watching)', () => {
  it('notices a root vanishing and returning while watching, and reconciles changes made meanwhile', async () => {
    await h.library.startWatching({ reconcile: false });
    renameSync(root, join(h.dir, 'unplugged'));
    await waitFor('folder offline', () => folder().status === 'offline');
    await h.library.idle();
    expectIntact();
    await writePhoto(join(h.dir, 'unplugged', 'added-while-away.jpg'), { r: 5, g: 5, b: 250 });
    renameSync(join(h.dir, 'unplugged'), root);
    await waitFor('folder online', () => folder().status === 'online');
    await h.library.idle();
    expect(photoCount(h.db, 'present')).toBe(5);
    expect(tagsOf(h.db, taggedId)).toEqual(['family']);
    await writePhoto(join(root, 'after-return.jpg'), { r: 250, g: 250, b: 5 });
    await waitFor('watcher restarted', () => photoCount(h.db, 'present') === 6);
  });

  it('emptying a watched root marks nothing missing', async () => {
    await h.library.startWatching({ reconcile: false });
    moveAll(root, join(h.dir, 'elsewhere'));
    await waitFor('folder offline', () => folder().status === 'offline');
    await h.library.idle();
    expectIntact();
    moveAll(join(h.dir, 'elsewhere'), root);
    await waitFor('folder online', () => folder().status === 'online');
    await h.library.idle();
    expectIntact();
  });
});
