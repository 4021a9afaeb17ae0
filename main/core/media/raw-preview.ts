/** Finds the largest embedded JPEG preview of a camera RAW file (TIFF-based RAWs, RW2, ORF, RAF, CR3). */
import { cr3Parts } from './cr3-preview.js';
import type { PhotoFormat } from './formats.js';
import { jpegFrameSize } from './jpeg-frame.js';
import { MediaError } from './media-error.js';
import { olympusPreviewRanges } from './olympus-preview.js';
import { readIfds, type Ifd } from './tiff-ifds.js';

/** The preview to decode instead of the sensor data, and the orientation the RAW container records for it. */
export interface RawPreview {
  jpeg: Buffer;
  format: PhotoFormat;
  /** EXIF orientation 1..8 from the container's IFD0 (1 when absent). */
  orientation: number;
  /** A TIFF block with the camera's IFD0 when the container is one exifr cannot parse (CR3's CMT1). */
  exifBlock?: Buffer;
}

const TAG = {
  compression: 0x0103,
  photometric: 0x0106,
  make: 0x010f,
  stripOffsets: 0x0111,
  orientation: 0x0112,
  stripByteCounts: 0x0117,
  jpegOffset: 0x0201,
  jpegLength: 0x0202,
  rw2JpgFromRaw: 0x002e,
  dngVersion: 0xc612,
} as const;
const RAW_PHOTOMETRIC = new Set([32803, 34892]); // CFA mosaic, LinearRaw
/** JPEG byte ranges an IFD points at: JPEGInterchangeFormat, RW2's JpgFromRaw, or one JPEG-compressed strip. */
function jpegRanges(ifd: Ifd): Array<[number, number]> {
  const get = (tag: number): number | undefined => ifd.tags.get(tag)?.[0];
  const ranges: Array<[number, number]> = [];
  const [offset, length] = [get(TAG.jpegOffset), get(TAG.jpegLength)];
  if (offset !== undefined && length !== undefined) ranges.push([offset, length]);
  const rw2 = ifd.tags.get(TAG.rw2JpgFromRaw);
  if (rw2?.length === 2) ranges.push([rw2[0] as number, rw2[1] as number]);
  const strips = ifd.tags.get(TAG.stripOffsets);
  const counts = ifd.tags.get(TAG.stripByteCounts);
  const compression = get(TAG.compression);
  const photometric = get(TAG.photometric) ?? 0;
  if ((compression === 6 || compression === 7) && strips?.length === 1 && counts?.length === 1 && !RAW_PHOTOMETRIC.has(photometric)) {
    ranges.push([strips[0] as number, counts[0] as number]);
  }
  return ranges;
}

function makeString(buf: Buffer, ifd0: Ifd | undefined): string {
  const range = ifd0?.tags.get(TAG.make);
  if (range?.length !== 2 || (range[0] as number) + (range[1] as number) > buf.length) return '';
  return buf
    .toString('latin1', range[0], (range[0] as number) + (range[1] as number))
    .replace(/\0/g, '')
    .trim()
    .toUpperCase();
}

function tiffRawFormat(buf: Buffer, ifds: Ifd[], magicFormat: PhotoFormat | null): PhotoFormat | null {
  if (magicFormat) return magicFormat;
  if (ifds[0]?.tags.has(TAG.dngVersion)) return 'dng';
  if (buf.toString('latin1', 8, 10) === 'CR') return 'cr2';
  const isRaw = ifds.some((ifd) => RAW_PHOTOMETRIC.has(ifd.tags.get(TAG.photometric)?.[0] ?? 0));
  if (!isRaw) return null;
  const make = makeString(buf, ifds[0]);
  const byMake: Array<[string, PhotoFormat]> = [
    ['NIKON', 'nef'],
    ['SONY', 'arw'],
    ['PENTAX', 'pef'],
    ['RICOH', 'pef'],
    ['SAMSUNG', 'srw'],
  ];
  return byMake.find(([prefix]) => make.startsWith(prefix))?.[1] ?? 'raw';
}

/** The largest decodable (baseline or progressive) JPEG among the ranges. */
function largestJpeg(buf: Buffer, ranges: Array<[number, number]>): Buffer | null {
  let best: Buffer | null = null;
  let bestArea = 0;
  for (const [offset, length] of ranges) {
    if (offset <= 0 || length <= 0 || offset + length > buf.length) continue;
    const jpeg = buf.subarray(offset, offset + length);
    const frame = jpegFrameSize(jpeg);
    if (frame && frame.width * frame.height > bestArea) [best, bestArea] = [jpeg, frame.width * frame.height];
  }
  return best;
}

/**
 * For a RAW file, the largest embedded JPEG preview; `null` for an ordinary TIFF (decode it as a TIFF).
 * Throws MediaError for a RAW file with no usable preview.
 */
export function findRawPreview(buf: Buffer, magicFormat: 'orf' | 'rw2' | 'raf' | 'cr3' | null): RawPreview | null {
  if (magicFormat === 'raf') return rafPreview(buf);
  if (magicFormat === 'cr3') return cr3Preview(buf);
  if (buf.length < 16) throw new MediaError('The image data is truncated or corrupt');
  const little = buf[0] === 0x49;
  const ifds = readIfds(buf, little, little ? buf.readUInt32LE(4) : buf.readUInt32BE(4));
  const format = tiffRawFormat(buf, ifds, magicFormat);
  if (!format) return null;
  const makerNoteRanges = format === 'orf' ? olympusPreviewRanges(buf, little, ifds[0]) : [];
  const jpeg = largestJpeg(buf, [...ifds.flatMap(jpegRanges), ...makerNoteRanges]);
  if (!jpeg) throw new MediaError(`This ${format.toUpperCase()} RAW file has no embedded JPEG preview that can be shown`);
  const orientation = ifds[0]?.tags.get(TAG.orientation)?.[0] ?? 1;
  return { jpeg, format, orientation: orientation >= 1 && orientation <= 8 ? orientation : 1 };
}

/** Canon CR3: the PRVW preview (or THMB thumbnail); orientation from the TIFF IFD0 in its CMT1 box. */
function cr3Preview(buf: Buffer): RawPreview {
  const { jpegs, ifd0Tiff } = cr3Parts(buf);
  return { jpeg: jpegs[0]!, format: 'cr3', orientation: ifd0Tiff ? tiffOrientation(ifd0Tiff) : 1, exifBlock: ifd0Tiff ?? undefined };
}

/** EXIF orientation 1..8 from a TIFF block's IFD0 (1 when absent or not a TIFF). */
function tiffOrientation(tiff: Buffer): number {
  const magic = tiff.toString('latin1', 0, 4);
  if (tiff.length < 16 || (magic !== 'II*\0' && magic !== 'MM\0*')) return 1;
  const little = magic === 'II*\0';
  const ifd0 = readIfds(tiff, little, little ? tiff.readUInt32LE(4) : tiff.readUInt32BE(4))[0];
  const orientation = ifd0?.tags.get(TAG.orientation)?.[0] ?? 1;
  return orientation >= 1 && orientation <= 8 ? orientation : 1;
}

/** Fujifilm RAF: a big-endian header points at the embedded JPEG (offset at byte 84, length at 88). */
function rafPreview(buf: Buffer): RawPreview {
  const jpeg = buf.length >= 92 ? largestJpeg(buf, [[buf.readUInt32BE(84), buf.readUInt32BE(88)]]) : null;
  if (!jpeg) throw new MediaError('This RAF RAW file has no embedded JPEG preview that can be shown');
  return { jpeg, format: 'raf', orientation: 1 };
}
