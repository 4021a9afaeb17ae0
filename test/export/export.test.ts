/** Export with a real core: originals and turned JPEGs, tags in sidecars read back with exiftool, refusals, progress. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../../preload/contract.js';
import { skipWithout } from '../helpers/required-tool.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

const hasExiftool = spawnSync('exiftool', ['-ver']).status === 0;
const noExiftool = skipWithout('exiftool', hasExiftool ? null : 'it is not installed', 'apt-get install -y libimage-exiftool-perl');

let t: TestCore;
let photos: string;
const ids = new Map<string, number>();

/** The export's final progress, waited for on the event stream. */
async function finished(dest: string): Promise<ExportProgress> {
  for (let i = 0; i < 600; i++) {
    const last = t.events
      .filter((e) => e.event === 'exportProgress')
      .map((e) => e.payload as ExportProgress)
      .pop();
    if (last && last.state === 'done' && last.dest === dest) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the export did not finish');
}

/** Reads one tag of a file with exiftool (-s3: the value alone). */
const exif = (file: string, tag: string): string =>
  execFileSync('exiftool', ['-s3', `-${tag}`, file])
    .toString()
    .trim();

beforeAll(async () => {
  t = await tempCore();
  photos = join(t.root, 'photos');
  await mkdir(join(photos, 'b'), { recursive: true });
  // 600 × 300, left half red: after a quarter turn clockwise the red half is on top.
  const wide = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#00f' } })
    .composite([
      {
        input: await sharp({ create: { width: 300, height: 300, channels: 3, background: '#f00' } })
          .png()
          .toBuffer(),
        left: 0,
        top: 0,
      },
    ])
    .jpeg()
    .toBuffer();
  await writeFile(join(photos, 'IMG_1.jpg'), wide);
  await writeFile(join(photos, 'b', 'IMG_1.jpg'), wide);
  await sharp({ create: { width: 200, height: 100, channels: 3, background: '#0f0' } })
    .png()
    .toFile(join(photos, 'green.png'));
  must(await t.core.api.addFolder(photos));
  await t.core.idle();
  for (const p of must(await t.core.api.listPhotos({ offset: 0, limit: 10 })).photos) ids.set(p.path.slice(photos.length + 1), p.id);
  must(await t.core.api.addTags({ photoIds: [ids.get('IMG_1.jpg')!], names: ['Trips/Rome', 'Sunset'] }));
  must(await t.core.api.rotatePhotos({ photoIds: [ids.get('IMG_1.jpg')!], quarterTurns: 1 }));
});
afterAll(() => t.cleanup());

describe('exportPhotos', () => {
  it('copies originals byte for byte under free names, with each copy’s tags in its own XMP sidecar', async () => {
    const dest = join(t.root, 'out-originals');
    await mkdir(dest);
    await writeFile(join(dest, 'IMG_1.jpg'), 'someone else’s file');
    const started = must(await t.core.api.exportPhotos({ photoIds: [...ids.values()], dest, format: 'original', sidecars: true }));
    expect(started).toMatchObject({ state: 'running', total: 3, done: 0 });
    const done = await finished(dest);
    expect(done).toMatchObject({ done: 3, total: 3, failures: [] });
    expect((await readdir(dest)).sort()).toEqual(['IMG_1 (2).jpg', 'IMG_1 (2).xmp', 'IMG_1 (3).jpg', 'IMG_1.jpg', 'green.png']);
    expect(await readFile(join(dest, 'IMG_1.jpg'), 'utf8')).toBe('someone else’s file');
    const copies = await Promise.all(['IMG_1 (2).jpg', 'IMG_1 (3).jpg'].map((n) => readFile(join(dest, n))));
    const original = await readFile(join(photos, 'IMG_1.jpg'));
    for (const c of copies) expect(c.equals(original)).toBe(true);
    const progress = t.events.filter((e) => e.event === 'exportProgress' && (e.payload as ExportProgress).dest === dest);
    expect(progress.map((e) => (e.payload as ExportProgress).done)).toEqual([0, 1, 2, 3, 3]);
  });

  it.skipIf(noExiftool)('writes turned JPEGs no larger than asked, and exiftool reads the tags from the sidecars', async () => {
    const dest = join(t.root, 'out-jpeg');
    must(
      await t.core.api.exportPhotos({
        photoIds: [ids.get('IMG_1.jpg')!, ids.get('green.png')!],
        dest,
        format: 'jpeg',
        longEdge: 400,
        sidecars: true,
      }),
    );
    expect(await finished(dest)).toMatchObject({ done: 2, failures: [] });
    expect((await readdir(dest)).sort()).toEqual(['IMG_1.jpg', 'IMG_1.xmp', 'green.jpg']);
    const turned = await sharp(join(dest, 'IMG_1.jpg')).raw().toBuffer({ resolveWithObject: true });
    expect([turned.info.width, turned.info.height]).toEqual([200, 400]);
    const pixel = (x: number, y: number) => [...turned.data.subarray((y * 200 + x) * 3, (y * 200 + x) * 3 + 3)];
    expect(pixel(100, 50)[0]).toBeGreaterThan(200); // red on top after the quarter turn
    expect(pixel(100, 350)[2]).toBeGreaterThan(200); // blue below
    expect(exif(join(dest, 'IMG_1.xmp'), 'XMP-dc:Subject')).toBe('Sunset, Rome');
    expect(exif(join(dest, 'IMG_1.xmp'), 'XMP-lr:HierarchicalSubject')).toBe('Sunset, Trips|Rome');
    expect(exif(join(dest, 'green.jpg'), 'FileType')).toBe('JPEG');
  });

  it.skipIf(noExiftool)('writes the tags inside the JPEG copies when asked, and refuses to for originals', async () => {
    const dest = join(t.root, 'out-embedded');
    const photoIds = [ids.get('IMG_1.jpg')!, ids.get('green.png')!];
    must(await t.core.api.exportPhotos({ photoIds, dest, format: 'jpeg', longEdge: 400, sidecars: false, embedTags: true }));
    expect(await finished(dest)).toMatchObject({ done: 2, failures: [] });
    expect((await readdir(dest)).sort()).toEqual(['IMG_1.jpg', 'green.jpg']);
    expect(exif(join(dest, 'IMG_1.jpg'), 'XMP-lr:HierarchicalSubject')).toBe('Sunset, Trips|Rome');
    expect(exif(join(dest, 'IMG_1.jpg'), 'XMP-dc:Subject')).toBe('Sunset, Rome');
    expect(exif(join(dest, 'green.jpg'), 'XMP-dc:Subject')).toBe('');
    // Every door (IPC, HTTP, CLI) checks a request the same way before it reaches the API.
    const refused = await t.core.invoke('exportPhotos', [
      { photoIds, dest: join(t.root, 'out-no'), format: 'original', sidecars: false, embedTags: true },
    ]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/JPEG copies only/);
  });

  it('refuses a folder inside the library or a relative path, and a second export while one runs', async () => {
    const inside = await t.core.api.exportPhotos({
      photoIds: [ids.get('green.png')!],
      dest: join(photos, 'b'),
      format: 'original',
      sidecars: false,
    });
    expect(inside).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('inside your library') } });
    const relative = await t.core.api.exportPhotos({ photoIds: [ids.get('green.png')!], dest: 'out', format: 'original', sidecars: false });
    expect(relative).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const dest = join(t.root, 'out-busy');
    must(await t.core.api.exportPhotos({ photoIds: [...ids.values()], dest, format: 'jpeg', sidecars: false }));
    const second = await t.core.api.exportPhotos({
      photoIds: [...ids.values()],
      dest: join(t.root, 'other'),
      format: 'jpeg',
      sidecars: false,
    });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await finished(dest);
  });

  it('lists a photo whose file is gone with why, and writes the others', async () => {
    const { rm } = await import('node:fs/promises');
    await rm(join(photos, 'green.png'));
    const dest = join(t.root, 'out-gone');
    must(
      await t.core.api.exportPhotos({ photoIds: [ids.get('green.png')!, ids.get('b/IMG_1.jpg')!], dest, format: 'jpeg', sidecars: false }),
    );
    const done = await finished(dest);
    expect(done.done).toBe(2);
    expect(done.failures).toEqual([{ path: join(photos, 'green.png'), reason: expect.stringMatching(/gone|missing/) }]);
    expect(await readdir(dest)).toEqual(['IMG_1.jpg']);
  });
});
