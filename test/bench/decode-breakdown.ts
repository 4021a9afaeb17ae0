/** Where one photo's decode time goes: read, hash, JPEG decodes at several working sizes, the JS bicubic, thumbnail encodes. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { resizeBicubicLikePil } from '../../main/core/media/tensor.js';
import { now, quantile } from './stats.js';
import type { Figure } from './types.js';

/**
 * Median milliseconds of each step over `files`, one photo at a time, for an S×S tensor (`size`): the working copy is
 * now 2·S short side (see working-size.ts), ~600 px before.
 */
export async function decodeBreakdown(files: string[], size: number): Promise<Figure[]> {
  const steps: Record<string, number[]> = {
    read: [],
    hash: [],
    decode600: [],
    working: [],
    bicubic: [],
    decode256: [],
    webp: [],
    jpeg: [],
  };
  const time = async <T>(step: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = now();
    const v = await fn();
    steps[step]!.push(now() - t0);
    return v;
  };
  for (const file of files) {
    const buf = await time('read', () => readFile(file));
    await time('hash', () => createHash('sha256').update(buf).digest('hex'));
    const working = await time('decode600', () =>
      sharp(buf)
        .rotate()
        .resize(600, 600, { fit: 'outside', kernel: 'cubic' })
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true }),
    );
    const side = 2 * size;
    const now2S = await time('working', () =>
      sharp(buf)
        .rotate()
        .resize(side, side, { fit: 'outside', kernel: 'cubic' })
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true }),
    );
    await time('bicubic', () => resizeBicubicLikePil(now2S.data, now2S.info.width, now2S.info.height, size, size));
    await time('decode256', () =>
      sharp(buf).rotate().resize(256, 256, { fit: 'fill', kernel: 'cubic' }).toColourspace('srgb').raw().toBuffer(),
    );
    const raw = { raw: { width: working.info.width, height: working.info.height, channels: working.info.channels } };
    await time('webp', () => sharp(working.data, raw).resize(400, 400, { fit: 'inside' }).webp({ quality: 80 }).toBuffer());
    await time('jpeg', () => sharp(working.data, raw).resize(400, 400, { fit: 'inside' }).jpeg({ quality: 80 }).toBuffer());
  }
  const f = (key: string, label: string): Figure => ({
    key: `decode.step.${key}`,
    label: `decode step: ${label}, p50`,
    value: quantile(steps[key]!, 0.5),
    unit: 'ms',
  });
  return [
    f('read', 'read 5 MB file'),
    f('hash', 'sha256 of the bytes (the scan already hashed them)'),
    f('decode600', 'JPEG decode to ~600 px working copy (libjpeg 1/4 scale; before)'),
    f('working', `JPEG decode to the ${2 * size} px working copy (now)`),
    f('bicubic', `PIL-like bicubic from that working copy to ${size}² (JS)`),
    f('decode256', 'JPEG decode straight to 256² tensor pixels (libjpeg 1/8 scale)'),
    f('webp', '400 px WebP thumbnail encode'),
    f('jpeg', '400 px JPEG thumbnail encode'),
  ];
}
