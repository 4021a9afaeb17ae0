/** Builds Olympus ORF files laid out as the cameras write them: the preview JPEG sits inside the Olympus maker note. */
import { TiffWriter } from './tiff-writer.js';

/** The maker-note header: "OLYMPUS\0II" (E-series, OM-D, PEN), "OM SYSTEM\0\0\0II" (OM System) or the old "OLYMP\0". */
export type OlympusHeader = 'OLYMPUS' | 'OM SYSTEM' | 'OLYMP';

/** What goes into the ORF. */
export interface OrfContent {
  header: OlympusHeader;
  /** The preview JPEG that CameraSettings (0x2020) PreviewImageStart/Length point at. */
  preview: Buffer;
  /** How the maker note refers to CameraSettings: an IFD-typed offset (13), or UNDEFINED bytes holding the directory (7). */
  settingsType: 7 | 13;
  /** CameraSettings PreviewImageValid (1 = yes). */
  previewValid: number;
  /** A JPEG thumbnail behind IFD1's JPEGInterchangeFormat, as some ORFs also carry. */
  thumbnail: Buffer;
  /** IFD0 Orientation. */
  orientation: number;
}

const HEADERS: Record<OlympusHeader, { bytes: Buffer; relative: boolean }> = {
  OLYMPUS: { bytes: Buffer.from('OLYMPUS\0II\x03\0', 'latin1'), relative: true },
  'OM SYSTEM': { bytes: Buffer.from('OM SYSTEM\0\0\0II\x04\0', 'latin1'), relative: true },
  OLYMP: { bytes: Buffer.from('OLYMP\0\x01\0', 'latin1'), relative: false },
};

/** A little-endian IFD (next IFD 0) of entries whose value field holds the value or, for UNDEFINED, its offset. */
function ifdTable(entries: Array<[tag: number, type: 4 | 7 | 13, value: number, count?: number]>): Buffer {
  const table = Buffer.alloc(2 + entries.length * 12 + 4);
  table.writeUInt16LE(entries.length, 0);
  entries.forEach(([tag, type, value, count = 1], i) => {
    table.writeUInt16LE(tag, 2 + i * 12);
    table.writeUInt16LE(type, 4 + i * 12);
    table.writeUInt32LE(count, 6 + i * 12);
    table.writeUInt32LE(value, 10 + i * 12);
  });
  return table;
}

/**
 * The maker note placed at file offset `at`: header, main IFD with CameraSettings as a sub-IFD, CameraSettings with
 * PreviewImageValid/Start/Length, then the preview. Offsets count from the maker note's start, or from the TIFF
 * header for the old "OLYMP\0" notes.
 */
function makerNote(content: OrfContent, at: number): Buffer {
  const { bytes, relative } = HEADERS[content.header];
  const base = relative ? 0 : at;
  const settingsAt = bytes.length + 18;
  const previewAt = settingsAt + 2 + 3 * 12 + 4;
  const settingsSize = 2 + 3 * 12 + 4;
  const main = ifdTable([[0x2020, content.settingsType, base + settingsAt, content.settingsType === 7 ? settingsSize : 1]]);
  const settings = ifdTable([
    [0x0100, 4, content.previewValid],
    [0x0101, 4, base + previewAt],
    [0x0102, 4, content.preview.length],
  ]);
  return Buffer.concat([bytes, main, settings, content.preview]);
}

/** A whole ORF ("IIRO"): IFD0 with the sensor strip and Exif pointer, IFD1 with the thumbnail, the Exif IFD with the maker note. */
export function buildOrf(content: OrfContent): Buffer {
  const w = new TiffWriter('IIRO');
  const sensor = w.blob(Buffer.alloc(64, 0x55));
  const thumbAt = w.blob(content.thumbnail);
  const ifd1 = w.ifd([
    [0x103, 3, [6]],
    [0x201, 4, [thumbAt]],
    [0x202, 4, [content.thumbnail.length]],
  ]);
  const note = Buffer.alloc(makerNote(content, 0).length);
  const noteAt = w.blob(note);
  makerNote(content, noteAt).copy(note);
  const exif = Buffer.alloc(18);
  exif.writeUInt16LE(1, 0);
  exif.writeUInt16LE(0x927c, 2);
  exif.writeUInt16LE(7, 4);
  exif.writeUInt32LE(note.length, 6);
  exif.writeUInt32LE(noteAt, 10);
  const exifAt = w.blob(exif);
  const ifd0 = w.ifd(
    [
      [0x100, 4, [8]],
      [0x101, 4, [4]],
      [0x102, 3, [16]],
      [0x103, 3, [1]],
      [0x106, 3, [1]],
      [0x10f, 2, 'OLYMPUS IMAGING CORP.  '],
      [0x110, 2, 'E-M10'],
      [0x111, 4, [sensor]],
      [0x112, 3, [content.orientation]],
      [0x117, 4, [64]],
      [0x8769, 4, [exifAt]],
    ],
    ifd1,
  );
  return w.finish(ifd0);
}
