/** (e) Broken, hostile and unusual inputs: readable MediaErrors, and CMYK / greyscale / 16-bit decoded correctly. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePhoto, MediaError } from '../../main/core/media/decode.js';
import { blockMeans, CORPUS, hasPil, maxColourDiff, meanAbsDiff, runPython, tempDir, tensorToRgb } from './media-helpers.js';
import { skipWithout } from '../helpers/required-tool.js';

const dir = tempDir();
const S = 64;

function fixture(name: string, bytes: Buffer | string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function reason(file: string, maxPixels?: number): Promise<string> {
  const error = await decodePhoto(file, { tensorSize: S, thumbPath: null, maxPixels }).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(MediaError);
  return (error as MediaError).message;
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A well-formed PNG whose IHDR (valid CRC) announces width×height, with one tiny IDAT: a decompression bomb's header. */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('guards', () => {
  it('refuses an empty file', async () => {
    expect(await reason(fixture('empty.jpg', Buffer.alloc(0)))).toBe('The file is empty (0 bytes)');
  });

  it('refuses a truncated JPEG instead of returning a half-grey picture', async () => {
    const jpeg = readFileSync(join(CORPUS, 'flowers.jpeg'));
    expect(await reason(fixture('half.jpg', jpeg.subarray(0, jpeg.length >> 1)))).toBe('The image data is truncated or corrupt');
  });

  it('refuses a truncated PNG', async () => {
    const png = readFileSync(join(CORPUS, 'Flag_of_the_Netherlands-16bit.png'));
    expect(await reason(fixture('half.png', png.subarray(0, png.length >> 1)))).toBe('The image data is truncated or corrupt');
  });

  it('refuses text saved with a .jpg name', async () => {
    expect(await reason(fixture('notes.jpg', 'Shopping list:\n- milk\n- bread\n'.repeat(20)))).toBe('Not an image (looks like text)');
  });

  it('refuses binary garbage', async () => {
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 97 + 13) % 256));
    expect(await reason(fixture('noise.jpg', noise))).toBe('Not an image (unrecognised file type)');
  });

  it('refuses a 100000×100000 PNG from its header, before decoding', async () => {
    const started = performance.now();
    expect(await reason(fixture('bomb.png', bombPng(100_000, 100_000)))).toBe(
      'Image too large: 100000×100000 exceeds the 200 MP safety limit',
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('applies maxPixels to HEIC files before libheif decodes them', async () => {
    expect(await reason(join(CORPUS, 'rainbow-451x461.heic'), 100_000)).toBe(
      'Image too large: 451×461 exceeds the 100000-pixel safety limit',
    );
  });

  it('decodes a PNG saved as .jpg by its real format', async () => {
    const file = join(dir, 'really-a-png.jpg');
    copyFileSync(join(CORPUS, 'grey-8bit-alpha.png'), file);
    expect((await decodePhoto(file, { tensorSize: S, thumbPath: null })).format).toBe('png');
  });
});

describe('colour handling', () => {
  it.skipIf(skipWithout('PIL (python3-pil)', hasPil() ? null : '/usr/bin/python3 cannot import PIL', 'apt-get install -y python3-pil'))(
    'converts CMYK to sRGB like a colour-managed reference (PIL + ICC profile)',
    async () => {
      const file = join(CORPUS, 'Channel_digital_image_CMYK_color.jpg');
      const out = join(dir, 'cmyk-ref.rgb');
      runPython(
        `
import io, sys
from PIL import Image, ImageCms
image = Image.open(sys.argv[1])
srgb = ImageCms.profileToProfile(image, io.BytesIO(image.info['icc_profile']), ImageCms.createProfile('sRGB'), outputMode='RGB')
open(sys.argv[2], 'wb').write(srgb.resize((${S}, ${S}), Image.BICUBIC).tobytes())
`,
        [file, out],
      );
      const { tensor } = await decodePhoto(file, { tensorSize: S, thumbPath: null });
      const delta = meanAbsDiff(tensorToRgb(tensor, S), readFileSync(out));
      console.log(`CMYK vs PIL+ICC (perceptual) mean |Δ| = ${delta.toFixed(2)}/255`);
      expect(delta).toBeLessThan(8);
    },
  );

  it('gives the model the grey under the alpha of 16-bit-grey-alpha.png (all black: its picture is in the alpha), as PIL does', async () => {
    const { tensor } = await decodePhoto(join(CORPUS, '16-bit-grey-alpha.png'), { tensorSize: S, thumbPath: null });
    expect(new Set(tensor)).toEqual(new Set([-1]));
  });

  it.each(['concert.jpg', 'grey-8bit-alpha.png'])('expands greyscale %s to three equal channels', async (name) => {
    const { tensor } = await decodePhoto(join(CORPUS, name), { tensorSize: S, thumbPath: null });
    const plane = S * S;
    const [r, g, b] = [tensor.subarray(0, plane), tensor.subarray(plane, 2 * plane), tensor.subarray(2 * plane)];
    expect(new Set(r).size).toBeGreaterThan(1);
    expect(Buffer.from(r.buffer, r.byteOffset, r.byteLength).equals(Buffer.from(g.buffer, g.byteOffset, g.byteLength))).toBe(true);
    expect(Buffer.from(r.buffer, r.byteOffset, r.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
  });

  it('reads a 16-bit PNG with the flag colours it shows', async () => {
    const { tensor } = await decodePhoto(join(CORPUS, 'Flag_of_the_Netherlands-16bit.png'), { tensorSize: 60, thumbPath: null });
    const cells = blockMeans(tensorToRgb(tensor, 60), 60, 60, 3, 3);
    const stripes = [cells[1]!, cells[4]!, cells[7]!]; // middle column: red, white, blue
    expect(
      maxColourDiff(stripes, [
        [174, 28, 40],
        [255, 255, 255],
        [33, 70, 139],
      ]),
    ).toBeLessThan(3);
  });
});
