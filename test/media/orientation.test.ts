/** (d) EXIF orientations 1..8 give the same upright picture; the hand-applied orientation (RAW previews) matches sharp's. */
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { applyOrientation } from '../../main/core/media/orientation.js';
import { CORPUS, meanAbsDiff, tempDir } from './media-helpers.js';

const dir = tempDir();
const ORIENTATIONS = [1, 2, 3, 4, 5, 6, 7, 8];

async function thumbPixels(path: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe.each([
  { set: 'Landscape', width: 600, height: 450 },
  { set: 'Portrait', width: 450, height: 600 },
])('$set_1..8', ({ set, width, height }) => {
  const thumbs: Array<{ data: Buffer; width: number; height: number }> = [];

  beforeAll(async () => {
    for (const n of ORIENTATIONS) {
      const thumbPath = join(dir, `${set}_${n}.webp`);
      const photo = await decodePhoto(join(CORPUS, `${set}_${n}.jpg`), { tensorSize: 32, thumbPath, thumbSize: 200 });
      expect([photo.width, photo.height]).toEqual([width, height]);
      thumbs.push(await thumbPixels(thumbPath));
    }
  });

  it('all eight thumbnails show the same upright picture, far from a wrongly rotated one', async () => {
    const first = thumbs[0]!;
    const diffs = thumbs.slice(1).map((t) => {
      expect([t.width, t.height]).toEqual([first.width, first.height]);
      return meanAbsDiff(first.data, t.data);
    });
    // Wrongly oriented: the same upright thumbnail turned upside down (same size, so directly comparable).
    const upsideDown = await sharp(first.data, { raw: { width: first.width, height: first.height, channels: 3 } })
      .rotate(180)
      .raw()
      .toBuffer();
    const wrong = meanAbsDiff(first.data, upsideDown);
    console.log(
      `${set}: mean |Δ| orientation 1 vs 2..8 = ${diffs.map((d) => d.toFixed(2)).join(', ')}; vs rotated 180° = ${wrong.toFixed(2)} (0..255)`,
    );
    expect(Math.max(...diffs)).toBeLessThan(8); // JPEG/WebP noise plus the digit 1..8 each file carries
    expect(wrong).toBeGreaterThan(5 * Math.max(...diffs));
  });
});

describe('applyOrientation (used for RAW previews whose orientation lives in the container)', () => {
  it.each(ORIENTATIONS)('orientation %i matches sharp autoOrient pixel for pixel', async (n) => {
    const file = join(CORPUS, `Landscape_${n}.jpg`);
    const stored = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: stored.info.width, height: stored.info.height, channels: 3 as const } };
    const byHand = await applyOrientation(sharp(stored.data, raw), n).raw().toBuffer({ resolveWithObject: true });
    const bySharp = await sharp(file).autoOrient().raw().toBuffer({ resolveWithObject: true });
    expect([byHand.info.width, byHand.info.height]).toEqual([bySharp.info.width, bySharp.info.height]);
    expect(byHand.data.equals(bySharp.data)).toBe(true);
  });
});
