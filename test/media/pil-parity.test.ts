/** (b) The S×S squash agrees with PIL's antialiased bicubic resize (the HF SigLIP preprocessor) on real photos. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { CORPUS, hasPil, meanAbsDiff, runPython, tempDir, tensorToRgb } from './media-helpers.js';
import { skipWithout } from '../helpers/required-tool.js';

// Like the HF preprocessor, plus colour management: an embedded ICC profile is converted to sRGB first, as sharp does.
const PIL_RESIZE = `
import io, sys
from PIL import Image, ImageCms, ImageOps
src, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
image = ImageOps.exif_transpose(Image.open(src))
icc = image.info.get('icc_profile')
if icc:
    image = ImageCms.profileToProfile(image, io.BytesIO(icc), ImageCms.createProfile('sRGB'), outputMode='RGB')
image = image.convert('RGB').resize((size, size), Image.BICUBIC)
open(out, 'wb').write(image.tobytes())
`;

const skipPil = skipWithout('PIL (python3-pil)', hasPil() ? null : '/usr/bin/python3 cannot import PIL', 'apt-get install -y python3-pil');

const dir = tempDir();
const twelveMp = join(dir, '4000x3000.jpg');
const fortyEightMp = join(dir, '8000x6000.jpg');

beforeAll(async () => {
  // Textured camera-sized JPEGs, so the shrink-on-load paths (libjpeg at 1/4, and for 48 MP at S=256 1/8) are exercised too.
  const photo = join(CORPUS, '2569067123_aca715a2ee_o.jpg');
  writeFileSync(twelveMp, await sharp(photo).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer());
  writeFileSync(fortyEightMp, await sharp(photo).resize(8000, 6000, { fit: 'fill' }).jpeg({ quality: 92 }).toBuffer());
});

/** Mean |Δ| in 0..255 units between our de-normalised tensor and PIL's bicubic S×S resize. */
async function deltaToPil(file: string, size: number): Promise<number> {
  const out = join(dir, `pil-${size}.rgb`);
  runPython(PIL_RESIZE, [file, String(size), out]);
  const reference = readFileSync(out);
  const { tensor } = await decodePhoto(file, { tensorSize: size, thumbPath: null });
  return meanAbsDiff(tensorToRgb(tensor, size), reference);
}

describe.skipIf(skipPil)('agreement with PIL bicubic', () => {
  const cases = [
    { name: 'flowers.jpeg', file: () => join(CORPUS, 'flowers.jpeg'), size: 256 },
    { name: 'flowers.jpeg', file: () => join(CORPUS, 'flowers.jpeg'), size: 384 },
    { name: 'Portrait_6.jpg (EXIF-rotated, ICC profile)', file: () => join(CORPUS, 'Portrait_6.jpg'), size: 224 },
    { name: '4000×3000 JPEG', file: () => twelveMp, size: 384 },
    { name: '8000×6000 JPEG (1/8 scale)', file: () => fortyEightMp, size: 256 },
  ];
  it.each(cases)('$name at S=$size is within 2/255 mean |Δ|', async ({ name, file, size }) => {
    const delta = await deltaToPil(file(), size);
    console.log(`PIL parity ${name} S=${size}: mean |Δ| = ${delta.toFixed(3)}/255`);
    expect(delta).toBeLessThanOrEqual(2);
  });

  it('would notice a non-antialiased shrink (the comparison has teeth)', async () => {
    const size = 256;
    const out = join(dir, 'pil-teeth.rgb');
    runPython(PIL_RESIZE, [twelveMp, String(size), out]);
    const nearest = await sharp(twelveMp).resize(size, size, { fit: 'fill', kernel: 'nearest', fastShrinkOnLoad: false }).raw().toBuffer();
    const delta = meanAbsDiff(nearest, readFileSync(out));
    console.log(`PIL parity control: nearest-neighbour shrink mean |Δ| = ${delta.toFixed(3)}/255`);
    expect(delta).toBeGreaterThan(2);
  });
});
