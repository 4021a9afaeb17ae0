/** (g) The thumbnail is written next to the tensor from the same decode: long edge ≈ thumbSize, upright, right codec. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { CORPUS, meanAbsDiff, tempDir } from './media-helpers.js';

const dir = tempDir();

async function thumbnailOf(name: string, thumbName: string, thumbSize?: number) {
  const thumbPath = join(dir, 'thumbs', thumbName);
  const photo = await decodePhoto(join(CORPUS, name), { tensorSize: 64, thumbPath, thumbSize });
  return { photo, thumbPath, meta: await sharp(thumbPath).metadata() };
}

describe('thumbnails', () => {
  it('writes a WebP with a 400 px long edge and the aspect ratio kept', async () => {
    const { meta } = await thumbnailOf('flowers.jpeg', 'flowers.webp');
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([400, 225]);
  });

  it('writes JPEG when the path asks for it, at a custom size', async () => {
    const { meta } = await thumbnailOf('gain-map.jpg', 'gain-map.jpg', 256);
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width, meta.height)).toBe(256);
  });

  it('is upright for an EXIF-rotated portrait and looks like the upright photo', async () => {
    const { photo, thumbPath, meta } = await thumbnailOf('Portrait_6.jpg', 'portrait6.webp');
    expect([photo.width, photo.height]).toEqual([450, 600]);
    expect([meta.width, meta.height]).toEqual([300, 400]);
    const ours = await sharp(thumbPath).raw().toBuffer();
    const upright = await sharp(join(CORPUS, 'Portrait_1.jpg')).resize(300, 400).raw().toBuffer();
    expect(meanAbsDiff(ours, upright)).toBeLessThan(8);
  });

  it('never enlarges a small photo', async () => {
    const { meta } = await thumbnailOf('gamma_dalai_lama_gray.jpg', 'small.webp');
    expect([meta.width, meta.height]).toEqual([258, 222]);
  });

  it('writes HEIC thumbnails too, with transparency flattened on white', async () => {
    const { meta, thumbPath } = await thumbnailOf('with-alpha-512x512.heic', 'alpha.webp', 128);
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([128, 128, false]);
    const { data } = await sharp(thumbPath).raw().toBuffer({ resolveWithObject: true });
    expect([data[0], data[1], data[2]]).toEqual([255, 255, 255]); // the transparent corner
  });

  it('writes nothing when thumbPath is null, and hashes the file bytes', async () => {
    const file = join(CORPUS, 'Landscape_1.jpg');
    const photo = await decodePhoto(file, { tensorSize: 32, thumbPath: null });
    expect(photo.contentHash).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
  });
});
