/** Display copies for the photo protocol: which formats need one, and that HEIC/TIFF copies are upright and faithful. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import heicDecode from 'heic-decode';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MediaError } from '../../main/core/media/decode.js';
import { browserCanShow, renderDisplayImage } from '../../main/core/media/display.js';
import { CORPUS, meanAbsDiff, tempDir } from './media-helpers.js';

const dir = tempDir();

describe('browserCanShow', () => {
  it('is true for what Chromium decodes and false for HEIC, TIFF and RAW', () => {
    expect(['jpeg', 'png', 'webp', 'gif', 'avif', 'JPEG'].map(browserCanShow)).toEqual([true, true, true, true, true, true]);
    expect(['heic', 'tiff', 'dng', 'cr2', 'nef', 'arw', 'raf', 'raw'].map(browserCanShow).some(Boolean)).toBe(false);
  });
});

describe('renderDisplayImage', () => {
  it('turns a HEIC into a JPEG that looks like libheif’s own decode', async () => {
    const out = join(dir, 'example.jpg');
    await renderDisplayImage(join(CORPUS, 'example.heic'), out);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1280, 854]);
    const ref = await heicDecode({ buffer: readFileSync(join(CORPUS, 'example.heic')) });
    const refRgb = await sharp(Buffer.from(ref.data), { raw: { width: ref.width, height: ref.height, channels: 4 } })
      .removeAlpha()
      .raw()
      .toBuffer();
    expect(meanAbsDiff(await sharp(out).raw().toBuffer(), refRgb)).toBeLessThan(5); // JPEG q88 noise on a detailed photo
  });

  it('fits a TIFF within the requested long edge as WebP', async () => {
    const out = join(dir, 'fax.webp');
    await renderDisplayImage(join(CORPUS, 'G31D.TIF'), out, 1024);
    const meta = await sharp(out).metadata();
    expect([meta.format, Math.max(meta.width, meta.height), meta.channels]).toEqual(['webp', 1024, 3]);
  });

  it('writes upright pixels for EXIF-rotated input', async () => {
    const out = join(dir, 'portrait.jpg');
    await renderDisplayImage(join(CORPUS, 'Portrait_8.jpg'), out);
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([450, 600]);
  });

  it('refuses a corrupt file with a MediaError', async () => {
    const bad = join(dir, 'bad.heic');
    writeFileSync(bad, readFileSync(join(CORPUS, 'example.heic')).subarray(0, 2000));
    await expect(renderDisplayImage(bad, join(dir, 'bad.jpg'))).rejects.toBeInstanceOf(MediaError);
  });
});
