/** 12-MP JPEGs with EXIF that compress like photos (smooth gradients + grain), cached in `.cache/bench-photos`. */
import { existsSync } from 'node:fs';
import { link, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { Rng } from './stats.js';

const WIDTH = 4000;
const HEIGHT = 3000;
/** Bump when the picture recipe changes, so old caches are not reused. */
const RECIPE = 'v2';

/** A folder holding exactly `count` generated photos, and their average file size. */
export interface PhotoSet {
  dir: string;
  files: string[];
  meanBytes: number;
  generatedNow: number;
}

/** Grain is drawn at a quarter of the size and upscaled: full-size noise costs ~8 s per photo, this ~3 s. */
const GRAIN_W = 1000;
const GRAIN_H = 750;

async function makePhoto(i: number): Promise<Buffer> {
  const rng = new Rng(1000 + i);
  const cells = Buffer.alloc(8 * 6 * 3);
  for (let k = 0; k < cells.length; k++) cells[k] = Math.floor(rng.uniform() * 256);
  const raw = { width: GRAIN_W, height: GRAIN_H, channels: 3 as const };
  const gradient = await sharp(cells, { raw: { width: 8, height: 6, channels: 3 } })
    .resize(GRAIN_W, GRAIN_H, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  const grain = await sharp({ create: { ...raw, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .raw()
    .toBuffer();
  const small = await sharp(gradient, { raw })
    .composite([{ input: grain, raw, blend: 'soft-light' }])
    .raw()
    .toBuffer();
  const day = String(1 + (i % 28)).padStart(2, '0');
  return sharp(small, { raw })
    .resize(WIDTH, HEIGHT, { kernel: 'cubic' })
    .withExif({
      IFD0: { Make: 'Shoebox', Model: 'Bench Camera', Software: 'shoebox-bench' },
      IFD2: { DateTimeOriginal: `2024:05:${day} 12:00:00`, DateTimeDigitized: `2024:05:${day} 12:00:00` },
    })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** Returns a folder with `count` 4000×3000 JPEGs, generating only the ones no earlier run made. */
export async function ensurePhotos(root: string, count: number): Promise<PhotoSet> {
  const pool = join(root, '.cache', 'bench-photos', RECIPE);
  const dir = join(root, '.cache', 'bench-photos', `${RECIPE}-set-${count}`);
  await mkdir(pool, { recursive: true });
  await mkdir(dir, { recursive: true });
  let generatedNow = 0;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `IMG_${String(i).padStart(4, '0')}.jpg`;
    const source = join(pool, name);
    if (!existsSync(source)) {
      await writeFile(`${source}.tmp`, await makePhoto(i));
      await rename(`${source}.tmp`, source);
      generatedNow++;
    }
    const target = join(dir, name);
    if (!existsSync(target)) await link(source, target);
    files.push(target);
  }
  const extra = (await readdir(dir)).filter((f) => !files.includes(join(dir, f)));
  if (extra.length > 0) throw new Error(`${dir} holds unexpected files (${extra.join(', ')}); delete the folder`);
  const sizes = await Promise.all(files.map((f) => stat(f).then((s) => s.size)));
  return { dir, files, meanBytes: sizes.reduce((a, b) => a + b, 0) / sizes.length, generatedNow };
}

/** Photos per benchmark: enough for a steady rate, fewer in quick mode. */
export function photoCount(quick: boolean): number {
  return quick ? 10 : 24;
}
