/** resizeBicubicLikePil and decodePhoto against Pillow's own resize, byte for byte, when shrinking and when enlarging. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { resizeBicubicLikePil } from '../../main/core/media/tensor.js';
import { runPython, tempDir, tensorToRgb } from './media-helpers.js';

const PIL_RESIZE_RAW = `
import sys
from PIL import Image
src, w, h, ow, oh, out = sys.argv[1], *map(int, sys.argv[2:6]), sys.argv[6]
image = Image.frombytes('RGB', (w, h), open(src, 'rb').read())
open(out, 'wb').write(image.resize((ow, oh), Image.BICUBIC).tobytes())
`;

const dir = tempDir();

/** Deterministic textured pixels (a gradient plus a hash, so every kernel tap matters). */
function pixels(w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let i = 0; i < out.length; i++) out[i] = ((i * 2654435761) >>> 24) ^ (((i / 3) % w) * 3);
  return out;
}

function pilResize(rgb: Uint8Array, w: number, h: number, ow: number, oh: number): Buffer {
  const src = join(dir, `src-${w}x${h}.rgb`);
  const out = join(dir, `out-${ow}x${oh}.rgb`);
  writeFileSync(src, rgb);
  runPython(PIL_RESIZE_RAW, [src, String(w), String(h), String(ow), String(oh), out]);
  return readFileSync(out);
}

const differing = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
};

describe('resizeBicubicLikePil', () => {
  const cases: [string, number, number, number, number][] = [
    ['shrinks', 97, 61, 32, 32],
    ['enlarges', 20, 13, 64, 64],
    ['shrinks one side and enlarges the other', 50, 200, 64, 64],
    ['keeps the size', 24, 24, 24, 24],
    ['shrinks a photo-sized picture', 600, 450, 256, 256],
  ];
  it.each(cases)('%s (%i×%i → %i×%i) exactly as Pillow does', (_, w, h, ow, oh) => {
    const rgb = pixels(w, h);
    const ours = resizeBicubicLikePil(rgb, w, h, ow, oh);
    expect(ours.length).toBe(ow * oh * 3);
    expect(differing(ours, pilResize(rgb, w, h, ow, oh))).toBe(0);
  });

  it("differs from sharp's enlargement, whose grid is shifted by half a pixel (what decode used before)", async () => {
    const [w, h, s] = [20, 13, 64];
    const rgb = pixels(w, h);
    const viaSharp = await sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
      .resize(s, s, { fit: 'fill', kernel: 'cubic' })
      .raw()
      .toBuffer();
    expect(differing(viaSharp, pilResize(rgb, w, h, s, s))).toBeGreaterThan(s * s);
  });
});

describe('decodePhoto on a photo smaller than the model input', () => {
  it('gives the tensor Pillow gives (centred grid)', async () => {
    const [w, h, s] = [30, 20, 64];
    const rgb = pixels(w, h);
    const file = join(dir, 'small.png');
    await sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toFile(file);
    const { tensor } = await decodePhoto(file, { tensorSize: s, thumbPath: null });
    const ours = Uint8Array.from(tensorToRgb(tensor, s), (v) => Math.round(v));
    expect(differing(ours, pilResize(rgb, w, h, s, s))).toBe(0);
  });
});
