/** RAW files: the largest embedded JPEG preview is decoded, oriented by the container; no preview → a readable error. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePhoto, MediaError } from '../../main/core/media/decode.js';
import { CORPUS, meanAbsDiff, tempDir } from './media-helpers.js';
import { buildOrf, type OlympusHeader } from './orf-writer.js';
import { TiffWriter } from './tiff-writer.js';

const dir = tempDir();
const S = 64;
let preview: Buffer; // 600×450 JPEG without EXIF, as cameras embed it
let smallThumb: Buffer; // 160×120 JPEG: a decoy the largest-preview rule must skip

const T = {
  newSubfile: 0xfe,
  width: 0x100,
  height: 0x101,
  bits: 0x102,
  compression: 0x103,
  photometric: 0x106,
  make: 0x10f,
  model: 0x110,
  strips: 0x111,
  orientation: 0x112,
  samples: 0x115,
  rows: 0x116,
  stripBytes: 0x117,
  subIfds: 0x14a,
  jpegOffset: 0x201,
  jpegLength: 0x202,
  dngVersion: 0xc612,
} as const;

/** A CFA (Bayer mosaic) IFD: the sensor data the app never decodes. */
function cfaIfd(w: TiffWriter): number {
  const data = w.blob(Buffer.alloc(64, 0x55));
  return w.ifd([
    [T.newSubfile, 4, [0]],
    [T.width, 4, [8]],
    [T.height, 4, [4]],
    [T.bits, 3, [16]],
    [T.compression, 3, [1]],
    [T.photometric, 3, [32803]],
    [T.strips, 4, [data]],
    [T.stripBytes, 4, [64]],
  ]);
}

function write(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

beforeAll(async () => {
  preview = await sharp(join(CORPUS, 'Landscape_1.jpg')).jpeg({ quality: 92 }).toBuffer();
  smallThumb = await sharp(preview).resize(160, 120).jpeg().toBuffer();
});

/** Tensor of the upright preview, decoded as an ordinary lossless file: what a RAW decode must reproduce. */
async function expectedTensor(orientationDegrees: number): Promise<Float32Array> {
  const png = write(`expected-${orientationDegrees}.png`, await sharp(preview).rotate(orientationDegrees).png().toBuffer());
  return (await decodePhoto(png, { tensorSize: S, thumbPath: null })).tensor;
}

describe('RAW previews', () => {
  it('DNG: picks the largest JPEG preview in the SubIFDs and applies IFD0 orientation 6', async () => {
    const w = new TiffWriter();
    const previewAt = w.blob(preview);
    const previewIfd = w.ifd([
      [T.newSubfile, 4, [1]],
      [T.width, 4, [600]],
      [T.height, 4, [450]],
      [T.compression, 3, [7]],
      [T.photometric, 3, [6]],
      [T.strips, 4, [previewAt]],
      [T.stripBytes, 4, [preview.length]],
    ]);
    const rawIfd = cfaIfd(w);
    const thumbAt = w.blob(smallThumb);
    const ifd0Strip = w.blob(Buffer.alloc(4 * 3 * 3, 0x80));
    const ifd0 = w.ifd([
      [T.newSubfile, 4, [1]],
      [T.width, 4, [4]],
      [T.height, 4, [3]],
      [T.bits, 3, [8, 8, 8]],
      [T.compression, 3, [1]],
      [T.photometric, 3, [2]],
      [T.make, 2, 'Shoebox Cameras'],
      [T.model, 2, 'SB-1'],
      [T.strips, 4, [ifd0Strip]],
      [T.orientation, 3, [6]],
      [T.samples, 3, [3]],
      [T.rows, 4, [3]],
      [T.stripBytes, 4, [36]],
      [T.subIfds, 4, [previewIfd, rawIfd]],
      [T.jpegOffset, 4, [thumbAt]],
      [T.jpegLength, 4, [smallThumb.length]],
      [T.dngVersion, 1, [1, 4, 0, 0]],
    ]);
    const file = write('photo.dng', w.finish(ifd0));

    const photo = await decodePhoto(file, { tensorSize: S, thumbPath: null });
    expect([photo.format, photo.width, photo.height]).toEqual(['dng', 450, 600]);
    expect(photo.exif.cameraMake).toBe('Shoebox Cameras');
    expect(meanAbsDiff(photo.tensor, await expectedTensor(90))).toBeLessThan(0.01);
  });

  it('NEF-like: a preview behind JPEGInterchangeFormat, named by Make, skipping a lossless-JPEG decoy', async () => {
    const w = new TiffWriter();
    const rawIfd = cfaIfd(w);
    const lossless = Buffer.from([0xff, 0xd8, 0xff, 0xc3, 0, 11, 8, 0x0f, 0xa0, 0x17, 0x70, 1, 1, 0x11, 0, 0xff, 0xd9]);
    const decoyAt = w.blob(Buffer.concat([lossless, Buffer.alloc(2_000_000)]));
    const decoyIfd = w.ifd([
      [T.jpegOffset, 4, [decoyAt]],
      [T.jpegLength, 4, [2_000_000 + lossless.length]],
    ]);
    const previewAt = w.blob(preview);
    const ifd0 = w.ifd(
      [
        [T.make, 2, 'NIKON CORPORATION'],
        [T.jpegOffset, 4, [previewAt]],
        [T.jpegLength, 4, [preview.length]],
        [T.subIfds, 4, [rawIfd]],
      ],
      decoyIfd,
    );
    const photo = await decodePhoto(write('photo.nef', w.finish(ifd0)), { tensorSize: S, thumbPath: null });
    expect([photo.format, photo.width, photo.height]).toEqual(['nef', 600, 450]);
    expect(meanAbsDiff(photo.tensor, await expectedTensor(0))).toBeLessThan(0.01);
  });

  it('RAF: the header points at the embedded JPEG, whose own EXIF orientation is honoured', async () => {
    const jpeg = readFileSync(join(CORPUS, 'Landscape_3.jpg')); // stored upside down with orientation 3
    const header = Buffer.alloc(100);
    header.write('FUJIFILMCCD-RAW 0201FF383501', 0, 'latin1');
    header.writeUInt32BE(100, 84);
    header.writeUInt32BE(jpeg.length, 88);
    const photo = await decodePhoto(write('photo.raf', Buffer.concat([header, jpeg])), { tensorSize: S, thumbPath: null });
    expect([photo.format, photo.width, photo.height]).toEqual(['raf', 600, 450]);
    const upright = await decodePhoto(join(CORPUS, 'Landscape_3.jpg'), { tensorSize: S, thumbPath: null });
    expect(meanAbsDiff(photo.tensor, upright.tensor)).toBe(0);
  });

  const orfLayouts: Array<[OlympusHeader, 7 | 13]> = [
    ['OLYMPUS', 13],
    ['OLYMPUS', 7],
    ['OM SYSTEM', 13],
    ['OLYMP', 13],
  ];
  for (const [header, settingsType] of orfLayouts) {
    it(`ORF (${header} maker note, CameraSettings type ${settingsType}): its preview wins over IFD1's thumbnail, as exiftool reads it`, async () => {
      const orf = buildOrf({ header, settingsType, preview, previewValid: 1, thumbnail: smallThumb, orientation: 6 });
      const file = write(`maker-note-${header.replace(' ', '-')}-${settingsType}.orf`, orf);
      // The real exiftool finds the same bytes as PreviewImage: the test file is laid out as Olympus cameras write it.
      expect(execFileSync('exiftool', ['-b', '-PreviewImage', file]).equals(preview)).toBe(true);
      const photo = await decodePhoto(file, { tensorSize: S, thumbPath: null });
      expect([photo.format, photo.width, photo.height]).toEqual(['orf', 450, 600]);
      expect(photo.exif.cameraModel).toBe('E-M10');
      expect(meanAbsDiff(photo.tensor, await expectedTensor(90))).toBeLessThan(0.01);
    });
  }

  it("ORF whose CameraSettings say PreviewImageValid = 0: IFD1's thumbnail is shown instead", async () => {
    const orf = buildOrf({ header: 'OLYMPUS', settingsType: 13, preview, previewValid: 0, thumbnail: smallThumb, orientation: 1 });
    const photo = await decodePhoto(write('no-valid-preview.orf', orf), { tensorSize: S, thumbPath: null });
    expect([photo.format, photo.width, photo.height]).toEqual(['orf', 160, 120]);
  });

  it('a RAW file without any usable preview is refused with a readable reason', async () => {
    const w = new TiffWriter();
    const rawIfd = cfaIfd(w);
    const ifd0 = w.ifd([
      [T.make, 2, 'NIKON CORPORATION'],
      [T.subIfds, 4, [rawIfd]],
    ]);
    const error = await decodePhoto(write('empty.nef', w.finish(ifd0)), { tensorSize: S, thumbPath: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as Error).message).toBe('This NEF RAW file has no embedded JPEG preview that can be shown');
  });

  it('an ordinary TIFF is still decoded as a TIFF', async () => {
    const photo = await decodePhoto(join(CORPUS, 'G31D.TIF'), { tensorSize: S, thumbPath: null });
    expect(photo.format).toBe('tiff');
  });
});
