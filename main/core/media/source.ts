/** Opens a photo's bytes as one upright sharp input, whatever the container: sharp-native, HEIC, or a RAW preview. */
import sharp, { type Metadata, type Sharp } from 'sharp';
import { sniffFormat, type PhotoFormat } from './formats.js';
import { decodeHeic } from './heic.js';
import { checkDimensions, fromDecoderError, MediaError } from './media-error.js';
import { applyOrientation, swapsAxes } from './orientation.js';
import { findRawPreview, type RawPreview } from './raw-preview.js';

/** A sharp pipeline input that yields upright pixels, plus what is known before decoding. */
export interface PhotoSource {
  image: Sharp;
  format: PhotoFormat;
  /** Upright size of the picture that will be decoded (for RAW files: of the embedded preview). */
  width: number;
  height: number;
  /** The decoded pixels carry an alpha channel (from the header, so the decode need not ask again). */
  hasAlpha: boolean;
  /** The raw EXIF block of a container exifr cannot parse (WebP via sharp, CR3's CMT1), without an "Exif\0\0" prefix. */
  exifBlock?: Buffer;
  /** Frees what decoding holds beyond the file's bytes (a HEIC's decoder slot): call once the image is decoded. */
  release?: () => void;
}

/** Default decompression-bomb guard: 200 megapixels. */
export const DEFAULT_MAX_PIXELS = 200_000_000;

/**
 * Detects the real format from the bytes, refuses oversized images from their headers, and returns a sharp input
 * that decodes once. Truncated data fails at decode time (`failOn: 'truncated'`) instead of giving a grey half image.
 * The caller must call the source's `release` (when set) once the image is decoded, even if decoding fails.
 */
export async function openSource(buf: Buffer, maxPixels: number): Promise<PhotoSource> {
  const sniffed = sniffFormat(buf);
  if (sniffed.kind === 'text') throw new MediaError('Not an image (looks like text)');
  if (sniffed.kind === 'unknown') throw new MediaError('Not an image (unrecognised file type)');
  if (sniffed.kind === 'raw' || sniffed.container === 'tiff') {
    const preview = findRawPreview(buf, sniffed.kind === 'raw' ? sniffed.format : null);
    if (preview) return fromRawPreview(preview, maxPixels);
  }
  const meta = await readMetadata(buf, sniffed.kind === 'image' && sniffed.container === 'tiff');
  const format = formatOf(meta);
  if (format === 'heic') return fromHeic(buf, maxPixels);
  return fromEncoded(buf, meta, format, maxPixels);
}

/**
 * Header only: sharp's own pixel limit is lifted here so that checkDimensions can name the exact size it refuses.
 * Bytes that start with a TIFF header but that libvips cannot open are a damaged TIFF (often a cut-off TIFF-based
 * RAW whose directories point past the end), not "not an image".
 */
async function readMetadata(buf: Buffer, tiffHeader = false): Promise<Metadata> {
  try {
    return await sharp(buf, { limitInputPixels: false }).metadata();
  } catch (err) {
    const error = fromDecoderError(err);
    const notAnImage = error.message.startsWith('Not an image');
    throw tiffHeader && notAnImage ? new MediaError('The image data is truncated or corrupt', { cause: err }) : error;
  }
}

function formatOf(meta: Metadata): PhotoFormat {
  switch (meta.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
    case 'tiff':
      return meta.format;
    case 'heif':
      return meta.compression === 'av1' ? 'avif' : 'heic';
    default:
      throw new MediaError(`Unsupported image format (${meta.format})`);
  }
}

/** sharp decodes it and applies the file's own EXIF orientation. */
function fromEncoded(buf: Buffer, meta: Metadata, format: PhotoFormat, maxPixels: number): PhotoSource {
  const width = meta.width;
  const height = meta.pageHeight ?? meta.height; // sharp reads only the first page/frame
  checkDimensions(width, height, maxPixels);
  const image = sharp(buf, { failOn: 'truncated', limitInputPixels: Math.floor(maxPixels) }).autoOrient();
  const swap = swapsAxes(meta.orientation);
  const exifBlock =
    format === 'webp' && meta.exif ? meta.exif.subarray(meta.exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0) : undefined;
  return { image, format, width: swap ? height : width, height: swap ? width : height, hasAlpha: meta.hasAlpha, exifBlock };
}

async function fromHeic(buf: Buffer, maxPixels: number): Promise<PhotoSource> {
  const { data, width, height, channels, release } = await decodeHeic(buf, maxPixels);
  const image = sharp(data, { raw: { width, height, channels } });
  return { image, format: 'heic', width, height, hasAlpha: channels === 4, release };
}

/** The preview's own EXIF orientation wins when it has one; otherwise the RAW container's IFD0 orientation applies. */
async function fromRawPreview(preview: RawPreview, maxPixels: number): Promise<PhotoSource> {
  const meta = await readMetadata(preview.jpeg);
  const exifBlock = preview.exifBlock;
  if (meta.orientation !== undefined) return { ...fromEncoded(preview.jpeg, meta, preview.format, maxPixels), exifBlock };
  const { width, height, hasAlpha } = meta;
  checkDimensions(width, height, maxPixels);
  const decoder = sharp(preview.jpeg, { failOn: 'truncated', limitInputPixels: Math.floor(maxPixels) });
  const image = applyOrientation(decoder, preview.orientation);
  const swap = swapsAxes(preview.orientation);
  return { image, format: preview.format, width: swap ? height : width, height: swap ? width : height, hasAlpha, exifBlock };
}
