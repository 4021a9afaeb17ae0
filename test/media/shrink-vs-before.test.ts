/**
 * The decode with the smaller working copy (thumbnail and 2 × the tensor, see working-size.ts) gives the tensor the
 * decode before it gave (short side 1.5 × max(S, 400)) within the PIL-parity tolerance, on the real corpus, the real
 * RAW previews and camera-sized JPEGs made from a real photo.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { DEFAULT_MAX_PIXELS, openSource } from '../../main/core/media/source.js';
import { resizeBicubicLikePil, toChwTensor } from '../../main/core/media/tensor.js';
import { CORPUS, tempDir } from './media-helpers.js';

/** The PIL-parity test's bound: mean |Δ| in 0..255 units. */
const PARITY_TOLERANCE = 2;
const RAW_CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../corpus/raw');
const dir = tempDir();

/**
 * The tensor as decode.ts made it before: a working copy whose short side is 1.5 × max(S, 400), then PIL's bicubic;
 * null for a picture with transparency (that path's sizing did not change).
 */
async function tensorBefore(file: string, size: number): Promise<Float32Array | null> {
  const source = await openSource(readFileSync(file), DEFAULT_MAX_PIXELS);
  if ((await source.image.metadata()).hasAlpha) return source.release?.() ?? null;
  const side = Math.ceil(1.5 * Math.max(size, 400));
  const { data, info } = await source.image
    .resize(side, side, { fit: 'outside', withoutEnlargement: true, kernel: 'cubic' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  source.release?.();
  return toChwTensor(resizeBicubicLikePil(data, info.width, info.height, size, size), size);
}

/** The photos of a corpus folder (its SOURCES.md left out). */
const photosIn = (folder: string): string[] =>
  readdirSync(folder)
    .filter((n) => !n.endsWith('.md'))
    .sort()
    .map((n) => join(folder, n));

const files: string[] = [];

beforeAll(async () => {
  // Camera-sized JPEGs from a real photo: at S = 256, 12 and 24 MP decode at 1/4 scale, 48 MP at 1/8 (1/4 before).
  const photo = join(CORPUS, '2569067123_aca715a2ee_o.jpg');
  for (const [w, h] of [
    [4000, 3000],
    [6000, 4000],
    [8000, 6000],
  ] as const) {
    const out = join(dir, `${w}x${h}.jpg`);
    writeFileSync(out, await sharp(photo).resize(w, h, { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer());
    files.push(out);
  }
});

describe('the smaller working copy against the decode before it', () => {
  const corpus = [...photosIn(CORPUS), ...photosIn(RAW_CORPUS)];

  it.each([256, 384])('gives the same tensor within the parity tolerance at S=%i', async (size) => {
    let worstMax = 0;
    let worstMean = 0;
    const changed: string[] = [];
    for (const file of [...files, ...corpus]) {
      const now = await decodePhoto(file, { tensorSize: size, thumbPath: null }).catch(() => null);
      if (!now) continue; // a file the corpus keeps to be refused (stripped or truncated RAW)
      const before = await tensorBefore(file, size);
      if (!before) continue;
      let max = 0;
      let sum = 0;
      for (let i = 0; i < before.length; i++) {
        const d = Math.abs(now.tensor[i]! - before[i]!) * 127.5; // SigLIP's std 0.5: one unit of 0..255 is 1/127.5
        max = Math.max(max, d);
        sum += d;
      }
      const mean = sum / before.length;
      if (max > 0) changed.push(file.split('/').pop()!);
      if (max > 0) console.log(`S=${size} ${file.split('/').pop()}: max |Δ| ${max.toFixed(1)}/255, mean |Δ| ${mean.toFixed(3)}/255`);
      worstMax = Math.max(worstMax, max);
      worstMean = Math.max(worstMean, mean);
    }
    console.log(
      `S=${size}, ${files.length + corpus.length} files: max |Δ| ${worstMax.toFixed(1)}/255, worst mean |Δ| ${worstMean.toFixed(3)}/255`,
    );
    expect(worstMean).toBeLessThanOrEqual(PARITY_TOLERANCE);
    expect(changed).toContain('8000x6000.jpg'); // the comparison met the new working copy
  });
});
