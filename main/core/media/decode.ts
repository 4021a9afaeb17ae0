/** One read and one decode per photo, giving the model tensor, the thumbnail, EXIF and the content hash together. */
import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import { readExif, type PhotoExif } from './exif.js';
import type { PhotoFormat } from './formats.js';
import { writeImageFile } from './image-file.js';
import { fromDecoderError, MediaError } from './media-error.js';
import { readPhotoFile } from './read-guard.js';
import { DEFAULT_MAX_PIXELS, openSource } from './source.js';
import { resizeBicubicLikePil, toChwTensor } from './tensor.js';
import { thumbnailBox, workingBox, type Box } from './working-size.js';

export { MediaError } from './media-error.js';
export type { PhotoExif } from './exif.js';

/** How to turn a photo into model input and a thumbnail. */
export interface DecodeOptions {
  /** S from the model's preprocess config: the tensor is 3×S×S; null reads the photo without a model (no tensor). */
  tensorSize: number | null;
  /** Per-channel normalisation; both default to 0.5 (SigLIP). */
  mean?: [number, number, number];
  std?: [number, number, number];
  /** Where to write the thumbnail: JPEG when the path ends in .jpg/.jpeg, WebP otherwise; null = no thumbnail. */
  thumbPath: string | null;
  /** Thumbnail long edge in pixels, default 400 (never enlarged beyond the photo). */
  thumbSize?: number;
  /** Decompression-bomb guard, default 200 MP, checked from the header before decoding. */
  maxPixels?: number;
  /** The content hash the scan recorded, taken as the file's when the file read still has the size and mtime it had then. */
  knownHash?: KnownHash | null;
}

/** A file's sha256 (hex) as hashed earlier, with the size and mtime (ms, rounded) the file had then. */
export interface KnownHash {
  sha256: string;
  size: number;
  mtimeMs: number;
}

/** Everything the indexer needs from one photo. */
export interface DecodedPhoto {
  /** 3·S·S floats, CHW, (x/255 - mean)/std, from PIL's bicubic squash of the upright sRGB picture (alpha dropped) to S×S. */
  tensor: Float32Array;
  /** Upright size after EXIF orientation (for RAW files: of the embedded preview that was decoded). */
  width: number;
  height: number;
  format: PhotoFormat;
  exif: PhotoExif;
  /** sha256 (hex) of the file's bytes (the known hash when the file is unchanged since it was taken). */
  contentHash: string;
}

const THUMB_QUALITY = 80;
const WHITE = { r: 255, g: 255, b: 255 };

/** A photo read without a model (`tensorSize: null`): everything but the tensor. */
export type ReadPhoto = Omit<DecodedPhoto, 'tensor'> & { tensor: null };

/**
 * Reads `file` once, hashes it (unless `opts.knownHash` still holds), parses its metadata from the same bytes and
 * decodes it once to an upright sRGB working copy just large enough for both outputs (alpha flattened on white; JPEGs
 * use shrink-on-load, see working-size.ts), from which both the tensor and the thumbnail are resized. Throws
 * MediaError with a readable reason for empty, corrupt, non-image or oversized files. The read is guarded (see
 * read-guard.ts): regular files only, format sniffed from the head before anything else is read, a size cap per
 * format, and the bytes held by decodes in flight bounded by the process's decode budget.
 */
export async function decodePhoto(file: string, opts: DecodeOptions & { tensorSize: number }): Promise<DecodedPhoto>;
export async function decodePhoto(file: string, opts: DecodeOptions): Promise<DecodedPhoto | ReadPhoto>;
export async function decodePhoto(file: string, opts: DecodeOptions): Promise<DecodedPhoto | ReadPhoto> {
  const size = opts.tensorSize;
  if (size !== null && (!Number.isInteger(size) || size <= 0)) throw new RangeError(`tensorSize must be a positive integer, got ${size}`);
  const { buf, release, size: bytes, mtimeMs } = await readPhotoFile(file);
  const held = [release];
  try {
    const known = opts.knownHash;
    const hashed = known && known.size === bytes && known.mtimeMs === Math.round(mtimeMs) ? known.sha256 : null;
    return await decodeBytes(buf, size, opts, hashed, held);
  } finally {
    for (const free of held) free();
  }
}

/**
 * decodePhoto's work on bytes already read: hash (unless `hashed` is the bytes' sha256 already), metadata, one decode,
 * tensor and thumbnail; `held` gets what to free.
 */
async function decodeBytes(
  buf: Buffer,
  size: number | null,
  opts: DecodeOptions,
  hashed: string | null,
  held: (() => void)[],
): Promise<DecodedPhoto | ReadPhoto> {
  const thumbSize = opts.thumbSize ?? 400;
  const contentHash = hashed ?? createHash('sha256').update(buf).digest('hex');
  const source = await openSource(buf, opts.maxPixels ?? DEFAULT_MAX_PIXELS);
  if (source.release) held.push(source.release);
  // One EXIF parse: a RAW preview's or WebP's own block replaces the file's.
  const exif = await readExif(source.exifBlock ?? buf);

  // The thumbnail's box counts even when none is written, so a photo's tensor never depends on it.
  const box = workingBox(source, thumbnailBox(source, thumbSize), size);
  const pixels = await decodeWorkingCopy(source.image, box, source.hasAlpha);
  const shown = pixels.rgba ?? pixels;
  const raw = { raw: { width: shown.width, height: shown.height, channels: shown === pixels ? (3 as const) : (4 as const) } };
  if (opts.thumbPath) {
    const thumb = sharp(shown.data, raw)
      .flatten({ background: WHITE })
      .resize(thumbSize, thumbSize, { fit: 'inside', withoutEnlargement: true });
    await writeImageFile(thumb, opts.thumbPath, THUMB_QUALITY);
  }
  const tensor =
    size === null
      ? null
      : toChwTensor(resizeBicubicLikePil(pixels.data, pixels.width, pixels.height, size, size), size, opts.mean, opts.std);
  return { tensor, width: source.width, height: source.height, format: source.format, exif, contentHash };
}

/** Upright 8-bit sRGB pixels, 3 channels; for pictures with transparency also the full-size RGBA they came from. */
interface WorkingCopy {
  data: Buffer;
  width: number;
  height: number;
  rgba?: { data: Buffer; width: number; height: number };
}

/**
 * The single decode: upright 8-bit sRGB with 3 channels, shrunk (antialiased) to cover `box` — never enlarged; for
 * JPEGs libjpeg decodes at 1/2, 1/4 or 1/8 scale (see [Note: The working copy and shrink-on-load] in
 * working-size.ts). Transparency is dropped as the reference preprocessors do (PIL `convert('RGB')` keeps the colour
 * under a transparent pixel); it is removed before the shrink, because sharp premultiplies alpha when it resizes. The
 * RGBA original is kept for a thumbnail flattened on white.
 */
async function decodeWorkingCopy(image: Sharp, box: Box, hasAlpha: boolean): Promise<WorkingCopy> {
  const shrink = { fit: 'outside', withoutEnlargement: true, kernel: 'cubic' } as const;
  try {
    if (!hasAlpha) {
      const { data, info } = await image
        .resize(box.width, box.height, shrink)
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new MediaError(`Unexpected decoded layout: ${info.channels} channels`);
      return { data, width: info.width, height: info.height };
    }
    const full = await image.toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (full.info.channels !== 4) throw new MediaError(`Unexpected decoded layout: ${full.info.channels} channels`);
    const { width, height } = full.info;
    const rgb = Buffer.alloc(width * height * 3);
    const src = full.data;
    for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
      rgb[j] = src[i]!;
      rgb[j + 1] = src[i + 1]!;
      rgb[j + 2] = src[i + 2]!;
    }
    const shrunk = await sharp(rgb, { raw: { width, height, channels: 3 } })
      .resize(box.width, box.height, shrink)
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: shrunk.data, width: shrunk.info.width, height: shrunk.info.height, rgba: { data: full.data, width, height } };
  } catch (err) {
    throw fromDecoderError(err);
  }
}
