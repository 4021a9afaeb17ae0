/** Olympus ORF: finds the preview JPEG that the Olympus maker note's CameraSettings directory points at. */
import { readIfds, type Ifd } from './tiff-ifds.js';

const EXIF_IFD = 0x8769;
const MAKER_NOTE = 0x927c;
const CAMERA_SETTINGS = 0x2020;
const PREVIEW_VALID = 0x0100;
const PREVIEW_START = 0x0101;
const PREVIEW_LENGTH = 0x0102;
const TYPE_LONG = 4;
const TYPE_IFD = 13;

/** Where a maker note's IFD starts, what the offsets inside it count from, and its byte order. */
interface MakerNoteLayout {
  ifdAt: number;
  base: number;
  little: boolean;
}

/**
 * The three Olympus maker-note headers, read as exiftool and exiv2 read them: "OLYMPUS\0" + byte order (IFD at +12)
 * and "OM SYSTEM\0\0\0" + byte order (IFD at +16) count offsets from the maker note's start; the older "OLYMP\0"
 * (IFD at +8) counts them from the file's TIFF header and uses the file's byte order.
 */
function olympusLayout(buf: Buffer, at: number, fileLittle: boolean): MakerNoteLayout | null {
  const head = buf.toString('latin1', at, Math.min(at + 16, buf.length));
  const order = (i: number): boolean | null => (head.startsWith('II', i) ? true : head.startsWith('MM', i) ? false : null);
  const relative = (ifdAt: number, orderAt: number): MakerNoteLayout | null => {
    const little = order(orderAt);
    return little === null ? null : { ifdAt: at + ifdAt, base: at, little };
  };
  if (head.startsWith('OLYMPUS\0')) return relative(12, 8);
  if (head.startsWith('OM SYSTEM\0\0\0')) return relative(16, 12);
  if (head.startsWith('OLYMP\0')) return { ifdAt: at + 8, base: 0, little: fileLittle };
  return null;
}

/** The CameraSettings directory: behind an offset (IFD or LONG tag) or stored inline as the tag's bytes. */
function cameraSettings(buf: Buffer, makerNote: Ifd, layout: MakerNoteLayout): Ifd | undefined {
  const value = makerNote.tags.get(CAMERA_SETTINGS)?.[0];
  if (value === undefined) return undefined;
  const type = makerNote.types.get(CAMERA_SETTINGS);
  const at = type === TYPE_IFD || type === TYPE_LONG ? layout.base + value : value;
  return readIfds(buf, layout.little, at, layout.base)[0];
}

/**
 * The `[offset, length]` of the preview JPEG in an Olympus maker note (CameraSettings PreviewImageStart/Length, unless
 * PreviewImageValid says there is none); empty when the file has no such maker note or preview.
 */
export function olympusPreviewRanges(buf: Buffer, little: boolean, ifd0: Ifd | undefined): Array<[number, number]> {
  const exifAt = ifd0?.tags.get(EXIF_IFD)?.[0];
  const note = exifAt === undefined ? undefined : readIfds(buf, little, exifAt)[0]?.tags.get(MAKER_NOTE);
  const layout = note?.length === 2 ? olympusLayout(buf, note[0] as number, little) : null;
  const makerNote = layout ? readIfds(buf, layout.little, layout.ifdAt, layout.base)[0] : undefined;
  const settings = layout && makerNote ? cameraSettings(buf, makerNote, layout) : undefined;
  const get = (tag: number): number | undefined => settings?.tags.get(tag)?.[0];
  const [valid, start, length] = [get(PREVIEW_VALID), get(PREVIEW_START), get(PREVIEW_LENGTH)];
  if (!layout || valid === 0 || start === undefined || length === undefined) return [];
  return [[layout.base + start, length]];
}
