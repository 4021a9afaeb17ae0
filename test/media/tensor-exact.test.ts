/** (a) On an S×S input no resampling happens, so rescale, normalisation and CHW layout must be exact. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { tempDir } from './media-helpers.js';

const S = 64;
const dir = tempDir();

/** Every byte value appears in every channel, at positions that differ per channel. */
const valueAt = (x: number, y: number, c: number): number => (x * 7 + y * 13 + c * 101) % 256;

async function writePng(name: string, channels: 3 | 4, alphaAt?: (x: number, y: number) => number): Promise<string> {
  const raw = Buffer.alloc(S * S * channels);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      for (let c = 0; c < 3; c++) raw[(y * S + x) * channels + c] = valueAt(x, y, c);
      if (channels === 4) raw[(y * S + x) * 4 + 3] = alphaAt?.(x, y) ?? 255;
    }
  }
  const file = join(dir, name);
  writeFileSync(
    file,
    await sharp(raw, { raw: { width: S, height: S, channels } })
      .png()
      .toBuffer(),
  );
  return file;
}

describe('tensor layout and normalisation', () => {
  it('is exactly (v/255 - 0.5)/0.5 in CHW order for a lossless S×S image', async () => {
    const file = await writePng('exact.png', 3);
    const { tensor, width, height } = await decodePhoto(file, { tensorSize: S, thumbPath: null });
    expect([width, height, tensor.length]).toEqual([S, S, 3 * S * S]);
    let mismatches = 0;
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          const expected = Math.fround((valueAt(x, y, c) / 255 - 0.5) / 0.5);
          if (tensor[c * S * S + y * S + x] !== expected) mismatches++;
        }
      }
    }
    expect(mismatches).toBe(0);
    expect(Math.min(...tensor)).toBe(-1);
    expect(Math.max(...tensor)).toBe(1);
  });

  it('applies per-channel mean and std when given', async () => {
    const file = await writePng('imagenet.png', 3);
    const mean: [number, number, number] = [0.485, 0.456, 0.406];
    const std: [number, number, number] = [0.229, 0.224, 0.225];
    const { tensor } = await decodePhoto(file, { tensorSize: S, thumbPath: null, mean, std });
    for (const [x, y] of [
      [0, 0],
      [5, 9],
      [63, 63],
      [31, 17],
    ] as const) {
      for (let c = 0; c < 3; c++) {
        expect(tensor[c * S * S + y * S + x]).toBe(Math.fround((valueAt(x, y, c) / 255 - mean[c]!) / std[c]!));
      }
    }
  });

  it('drops alpha like PIL convert("RGB"): transparent pixels keep their colour, opaque ones are untouched', async () => {
    const transparent = (x: number, y: number): boolean => (x + y) % 5 === 0;
    const file = await writePng('alpha.png', 4, (x, y) => (transparent(x, y) ? 0 : 255));
    const { tensor } = await decodePhoto(file, { tensorSize: S, thumbPath: null });
    let mismatches = 0;
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        for (let c = 0; c < 3; c++) {
          const v = valueAt(x, y, c);
          if (tensor[c * S * S + y * S + x] !== Math.fround((v / 255 - 0.5) / 0.5)) mismatches++;
        }
      }
    }
    expect(mismatches).toBe(0);
  });
});
