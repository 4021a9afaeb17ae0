/** (c) Every real-world corpus file decodes to a [3,S,S] tensor in [-1,1] whose colours match a separate reference decode. */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import heicDecode from 'heic-decode';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { blockMeans, CORPUS, maxColourDiff, tensorToRgb } from './media-helpers.js';

const S = 64;
const GRID = 4;
const EXPECTED_FORMAT: Record<string, string> = {
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.png': 'png',
  '.webp': 'webp',
  '.gif': 'gif',
  '.avif': 'avif',
  '.tif': 'tiff',
  '.heic': 'heic',
};

/**
 * The reference: a full-resolution decode by another route (heic-decode directly for HEIC; sharp without resizing,
 * shrink-on-load or our pipeline otherwise), averaged over a grid in plain JS with alpha dropped (as the model's
 * reference preprocessors do).
 */
async function reference(file: string): Promise<{ width: number; height: number; grid: number[][] }> {
  const buf = readFileSync(file);
  if (extname(file) === '.heic') {
    const { width, height, data } = await heicDecode({ buffer: buf });
    return { width, height, grid: blockMeans(dropAlpha(data, 4), width, height, 3, GRID) };
  }
  const { data, info } = await sharp(buf).autoOrient().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, grid: blockMeans(dropAlpha(data, info.channels), info.width, info.height, 3, GRID) };
}

/** The first three channels of interleaved pixels with `channels` per pixel (3 or 4). */
function dropAlpha(pixels: ArrayLike<number>, channels: number): Uint8Array {
  const n = pixels.length / channels;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = pixels[i * channels + c]!;
  return out;
}

const files = readdirSync(CORPUS)
  .filter((name) => EXPECTED_FORMAT[extname(name).toLowerCase()])
  .sort();

describe('the real-world corpus', () => {
  it('holds the files the README lists', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)('%s decodes with the right format, size and colours', async (name) => {
    const file = join(CORPUS, name);
    const photo = await decodePhoto(file, { tensorSize: S, thumbPath: null });
    expect(photo.format).toBe(EXPECTED_FORMAT[extname(name).toLowerCase()]);
    expect(photo.tensor.length).toBe(3 * S * S);
    expect(photo.tensor.every((v) => Number.isFinite(v) && v >= -1 && v <= 1)).toBe(true);

    const ref = await reference(file);
    expect([photo.width, photo.height]).toEqual([ref.width, ref.height]);
    const ours = blockMeans(tensorToRgb(photo.tensor, S), S, S, 3, GRID);
    const diff = maxColourDiff(ours, ref.grid);
    console.log(`corpus ${name}: ${photo.format} ${photo.width}×${photo.height}, worst 4×4 cell colour Δ ${diff.toFixed(2)}/255`);
    expect(diff).toBeLessThanOrEqual(4);
  });
});
