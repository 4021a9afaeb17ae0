/** Display copies for the photo protocol: formats Chromium cannot show (HEIC, TIFF, RAW) become JPEG or WebP. */
import type { OutputInfo } from 'sharp';
import { writeImageFile } from './image-file.js';
import { fromDecoderError, MediaError } from './media-error.js';
import { readPhotoFile } from './read-guard.js';

// What Chromium (Electron 45) decodes natively in an <img>; HEIC, TIFF and every RAW format are missing.
const BROWSER_FORMATS = new Set(['jpeg', 'jpg', 'png', 'webp', 'gif', 'avif']);
const DISPLAY_QUALITY = 88;

/** True when an `<img>` in Chromium can show this format (a DecodedPhoto `format`) as is. */
export function browserCanShow(format: string): boolean {
  return BROWSER_FORMATS.has(format.toLowerCase());
}

/**
 * Decodes `file` like decodePhoto (real format from its bytes, EXIF orientation, HEIC via libheif, RAW via its
 * embedded preview, sRGB, alpha on white), fits it within `longEdge` (never enlarging) and writes `outPath`:
 * JPEG for .jpg/.jpeg, WebP otherwise. Throws MediaError for files that cannot be decoded.
 */
export async function renderDisplayImage(file: string, outPath: string, longEdge = 2560): Promise<void> {
  const { buf, release } = await readPhotoFile(file);
  const held = [release];
  try {
    await renderBytes(buf, outPath, longEdge, held);
  } finally {
    for (const free of held) free();
  }
}

/** How a rendered copy is turned and encoded (exports choose both; display copies keep the defaults). */
export interface RenderOptions {
  /** Degrees clockwise on top of the EXIF orientation (the person's rotation). */
  rotation?: number;
  quality?: number;
  /** An XMP packet to embed in the written file (an export's tags). */
  xmp?: string;
}

/** {@link renderDisplayImage} from bytes already read (e.g. through a descriptor that was checked first). */
export async function renderDisplayBytes(buf: Buffer, outPath: string, longEdge = 2560, options: RenderOptions = {}): Promise<void> {
  if (buf.length === 0) throw new MediaError('The file is empty (0 bytes)');
  const held: (() => void)[] = [];
  try {
    await renderBytes(buf, outPath, longEdge, held, options);
  } finally {
    for (const free of held) free();
  }
}

async function renderBytes(
  buf: Buffer,
  outPath: string,
  longEdge: number,
  held: (() => void)[],
  options: RenderOptions = {},
): Promise<void> {
  // sharp and the HEIC decoder load with the first rendering, not with core (a CLI command may never render one).
  const [{ default: sharp }, { DEFAULT_MAX_PIXELS, openSource }] = await Promise.all([import('sharp'), import('./source.js')]);
  const source = await openSource(buf, DEFAULT_MAX_PIXELS);
  if (source.release) held.push(source.release);
  let pixels: { data: Buffer; info: OutputInfo };
  try {
    const turned = options.rotation ? source.image.rotate(options.rotation) : source.image;
    pixels = await turned
      .resize(longEdge, longEdge, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw fromDecoderError(err);
  }
  const { width, height, channels } = pixels.info;
  const image = sharp(pixels.data, { raw: { width, height, channels: channels } });
  await writeImageFile(options.xmp ? image.withXmp(options.xmp) : image, outPath, options.quality ?? DISPLAY_QUALITY);
}
