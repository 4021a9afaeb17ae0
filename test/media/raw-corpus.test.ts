/** Real camera RAW files (test/corpus/raw): CR3, NEF and ARW previews decode, stripped or cut-off files are refused with an honest reason. */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePhoto, MediaError } from '../../main/core/media/decode.js';
import { meanAbsDiff, tempDir } from './media-helpers.js';

const RAW = resolve(dirname(fileURLToPath(import.meta.url)), '../corpus/raw');
const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The embedded JPEG that exiftool (the real one) extracts with `-b -<tag>`, written to a file of its own. */
function exiftoolJpeg(file: string, tag: string): string {
  const jpeg = execFileSync('exiftool', ['-b', `-${tag}`, file], { maxBuffer: 64 * 1024 * 1024 });
  expect(jpeg.length, `${tag} of ${file}`).toBeGreaterThan(100);
  const out = join(dir, `${basename(file)}.${tag}.jpg`);
  writeFileSync(out, jpeg);
  return out;
}

describe('real RAW files', () => {
  const previews = [
    { file: 'canon-eos-r6.cr3', format: 'cr3', tag: 'PreviewImage', width: 1620, height: 1080, make: 'Canon', model: 'Canon EOS R6' },
    { file: 'fujifilm-s5pro.raf', format: 'raf', tag: 'PreviewImage', width: 8, height: 8, make: null, model: null },
    { file: 'panasonic-lx3.rw2', format: 'rw2', tag: 'JpgFromRaw', width: 8, height: 8, make: 'Panasonic', model: 'DMC-LX3' },
    // The full-size JpgFromRaw in SubIFD0 wins over the 570×375 PreviewImage in the Nikon maker note and the TIFF thumbnail.
    {
      file: 'nikon-d7100.nef',
      format: 'nef',
      tag: 'JpgFromRaw',
      width: 6000,
      height: 4000,
      make: 'NIKON CORPORATION',
      model: 'NIKON D7100',
    },
    // IFD0's 1616×1080 PreviewImage wins over IFD1's 160×120 thumbnail.
    { file: 'sony-slt-a55v.arw', format: 'arw', tag: 'PreviewImage', width: 1616, height: 1080, make: 'SONY', model: 'SLT-A55V' },
    // Cut off at 100 KiB, inside IFD0's preview: that range runs past the end and is skipped, IFD1's thumbnail is shown.
    { file: 'sony-a330-truncated.arw', format: 'arw', tag: 'ThumbnailImage', width: 160, height: 120, make: 'SONY', model: 'DSLR-A330' },
  ];
  for (const p of previews) {
    it(`${p.file}: its embedded preview decodes, the same picture exiftool extracts`, async () => {
      const file = join(RAW, p.file);
      const thumbPath = join(dir, `${p.file}.png`);
      const photo = await decodePhoto(file, { tensorSize: 32, thumbPath, thumbSize: 400 });
      expect(photo).toMatchObject({ format: p.format, width: p.width, height: p.height });
      expect(photo.exif).toMatchObject({ cameraMake: p.make, cameraModel: p.model });
      const meta = await sharp(thumbPath).metadata();
      expect(Math.max(meta.width, meta.height)).toBe(Math.min(400, Math.max(p.width, p.height)));
      // Decoding the RAW must give exactly what decoding exiftool's extraction of its preview as a plain JPEG gives.
      const reference = await decodePhoto(exiftoolJpeg(file, p.tag), { tensorSize: 32, thumbPath: null });
      const diff = meanAbsDiff(photo.tensor, reference.tensor);
      console.log(`${p.file}: ${p.format} preview ${p.width}×${p.height}, tensor mean |Δ| vs exiftool's ${p.tag} ${diff.toFixed(4)}`);
      expect(diff).toBeLessThan(0.001);
    });
  }

  for (const file of ['canon-eos-r6.cr3', 'nikon-d7100.nef', 'sony-slt-a55v.arw']) {
    it(`${file} gives a sensible picture: 3:2, not one flat colour, a capture time`, async () => {
      const photo = await decodePhoto(join(RAW, file), { tensorSize: 16, thumbPath: null });
      expect(photo.width / photo.height).toBeCloseTo(1.5, 2);
      const values = Array.from(photo.tensor);
      expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(0.5);
      expect(photo.exif.takenAt).not.toBeNull();
    });
  }

  for (const [file, reason] of [
    ['canon-350d-stripped.cr2', 'This CR2 RAW file has no embedded JPEG preview that can be shown'],
    ['canon-350d-stripped.dng', 'This DNG RAW file has no embedded JPEG preview that can be shown'],
    ['apple-iphone12pro.dng', 'This DNG RAW file has no embedded JPEG preview that can be shown'],
    ['nikon-d70-stripped.nef', 'This NEF RAW file has no embedded JPEG preview that can be shown'],
  ] as const) {
    it(`${file}: no preview left in it, refused with an honest reason`, async () => {
      const err = await decodePhoto(join(RAW, file), { tensorSize: 16, thumbPath: null }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MediaError);
      expect((err as Error).message).toBe(reason);
    });
  }

  // Cut before the sensor data's directory and the thumbnail: the TIFF header is there, libvips cannot open the rest.
  for (const length of [5_000, 100_000]) {
    it(`sony-slt-a55v.arw cut to its first ${length} bytes is refused as truncated, not as "not an image"`, async () => {
      const cut = join(dir, `sony-slt-a55v-${length}.arw`);
      writeFileSync(cut, readFileSync(join(RAW, 'sony-slt-a55v.arw')).subarray(0, length));
      const err = await decodePhoto(cut, { tensorSize: 16, thumbPath: null }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MediaError);
      expect((err as Error).message).toBe('The image data is truncated or corrupt');
    });
  }

  it('a JPEG named .nef is decoded as the JPEG it is', async () => {
    const photo = await decodePhoto(join(RAW, 'jpeg-named-as-d70s.nef'), { tensorSize: 16, thumbPath: null });
    expect(photo).toMatchObject({ format: 'jpeg', width: 2000, height: 3008 });
    expect(photo.exif.cameraModel).toBe('NIKON D70s');
  });
});
