// Browser mode's media endpoints: what is safe to show, symlinked photos served alike, and a symlink swap racing
// the display endpoint (the file is opened once and checked through its descriptor).
import { copyFile, link, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { renderDisplayBytes } from '../../main/core/media/display.js';
import { startServer, type RunningServer } from '../../main/server.js';
import { fixtures } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';
import { rawRequest, recordingLog } from './server-harness.js';

let t: TestCore;
let server: RunningServer;
let photos: string;
let outside: string;
const ids = new Map<string, number>();

beforeAll(async () => {
  const fx = await fixtures();
  t = await tempCore();
  must(await t.core.api.useModel(must(await t.core.api.importModel(fx.immichModel)).id));
  photos = await t.copyIn(fx.photos, 'photos');
  outside = join(t.root, 'outside');
  await mkdir(outside);
  // A photo kept outside the library and reached through a symlink inside it (the scan follows such links).
  await copyFile(join(fx.photos, 'blue-square-3.jpg'), join(outside, 'elsewhere.jpg'));
  await symlink(join(outside, 'elsewhere.jpg'), join(photos, 'linked.jpg'));
  // The file an attacker would like served: a JPEG the library never indexed.
  await copyFile(join(fx.photos, 'white-triangle-1.jpg'), join(outside, 'secret.jpg'));
  must(await t.core.api.addFolder(photos));
  await t.core.idle();
  const db = new Database(t.paths.catalogFile, { readonly: true });
  for (const row of db.prepare('SELECT id, path FROM photos').all() as { id: number; path: string }[])
    ids.set(row.path.slice(photos.length + 1), row.id);
  db.close();
  const rendererDir = join(t.root, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Shoebox</title>');
  server = await startServer({ core: t.core, subscribe: t.subscribe, rendererDir, log: recordingLog() });
}, 120_000);
afterAll(async () => {
  await server.close();
  await t.cleanup();
});

const media = (kind: 'thumb' | 'display', name: string) =>
  rawRequest(server.port, `/media/${kind}/${ids.get(name)}`, { headers: { authorization: `Bearer ${server.token}` } });

describe('media endpoints', () => {
  it('serves an indexed library photo as its original, byte for byte', async () => {
    const r = await media('display', 'red-circle-1.jpg');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/jpeg');
    expect(r.body.equals(await readFile(join(photos, 'red-circle-1.jpg')))).toBe(true);
  });

  it('never serves the original of a photo that failed to decode (the PNG bomb, text named .jpg, a cut JPEG)', async () => {
    for (const name of ['broken/bomb.png', 'broken/not-an-image.jpg', 'broken/truncated.jpg']) {
      expect(ids.has(name), name).toBe(true);
      const original = await readFile(join(photos, name));
      for (const kind of ['display', 'thumb'] as const) {
        const r = await media(kind, name);
        expect(r.status, `${kind} ${name}`).toBe(404);
        expect(r.body.includes(original.subarray(0, 16)), `${kind} ${name}`).toBe(false);
      }
    }
  });

  it('shows a photo reached through a symlink out of the library like any other: thumbnail and display rendition', async () => {
    const thumb = await media('thumb', 'linked.jpg');
    const display = await media('display', 'linked.jpg');
    expect([thumb.status, display.status]).toEqual([200, 200]);
    expect(display.headers['content-type']).toBe('image/jpeg');
    // The rendition is made from the checked bytes; the outside file itself is never handed out.
    expect(display.body.equals(await readFile(join(outside, 'elsewhere.jpg')))).toBe(false);
    expect(display.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('still serves a WebP thumbnail made before thumbnails were JPEG, as WebP, and renders it again as WebP when gone', async () => {
    const id = ids.get('red-circle-1.jpg')!;
    const webp = join(t.paths.thumbsDir, '0', `${id}.webp`);
    await mkdir(join(t.paths.thumbsDir, '0'), { recursive: true });
    await writeFile(webp, await sharp(join(photos, 'red-circle-1.jpg')).resize(64).webp().toBuffer());
    const db = new Database(t.paths.catalogFile);
    db.prepare('UPDATE photos SET thumb_path = ? WHERE id = ?').run(webp, id);
    db.close();
    const kept = await media('thumb', 'red-circle-1.jpg');
    expect([kept.status, kept.headers['content-type']]).toEqual([200, 'image/webp']);
    expect(kept.body.equals(await readFile(webp))).toBe(true);
    await rm(webp);
    const again = await media('thumb', 'red-circle-1.jpg');
    expect([again.status, again.headers['content-type']]).toEqual([200, 'image/webp']);
    expect(again.body.subarray(8, 12).toString('latin1')).toBe('WEBP');
  });

  it('serves 0 outside bytes while the photo is swapped for a symlink to an outside file in a loop', async () => {
    const name = 'red-circle-1.jpg';
    const file = join(photos, name);
    const original = await readFile(file);
    const secret = await readFile(join(outside, 'secret.jpg'));
    // The same inode is linked back in each time, so the catalog's size and modification time stay true for it.
    const keep = join(t.root, 'keep.jpg');
    await link(file, keep);
    let swapping = true;
    let swaps = 0;
    const swapper = (async () => {
      while (swapping) {
        await symlink(join(outside, 'secret.jpg'), `${file}.link`);
        await rename(`${file}.link`, file);
        await new Promise((r) => setImmediate(r));
        await link(keep, `${file}.real`);
        await rename(`${file}.real`, file);
        swaps++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    // When the descriptor's own name was replaced meanwhile, the checked bytes are shown through a rendition instead.
    await renderDisplayBytes(original, join(t.root, 'expected-rendition.jpg'));
    const rendition = await readFile(join(t.root, 'expected-rendition.jpg'));
    const counts = { original: 0, rendition: 0, outside: 0, other: 0, refused: 0 };
    try {
      for (let i = 0; i < 600; i++) {
        const r = await media('display', name);
        if (r.status !== 200) counts.refused++;
        else if (r.body.equals(original)) counts.original++;
        else if (r.body.equals(rendition)) counts.rendition++;
        else if (r.body.equals(secret) || r.body.includes(secret.subarray(0, 64))) counts.outside++;
        else counts.other++;
      }
    } finally {
      swapping = false;
      await swapper;
      await rm(keep);
    }
    expect(swaps).toBeGreaterThan(50);
    expect(counts.outside).toBe(0);
    expect(counts.other).toBe(0);
    expect(counts.original).toBeGreaterThan(0);
    console.info('symlink swap race:', swaps, 'swaps,', JSON.stringify(counts));
  });
});
