/** Canon CR3 (ISO-BMFF, brand `crx `): the embedded JPEG preview (PRVW, else the THMB thumbnail) and its orientation. */
import { jpegFrameSize } from './jpeg-frame.js';
import { MediaError } from './media-error.js';

interface Box {
  type: string;
  /** Offset of the box's payload (after its size/type header). */
  body: number;
  end: number;
}

const CANON_METADATA_UUID = '85c0b687820f11e08111f4ce462b6a48'; // inside moov: CMT1..4 (TIFF), THMB
const CANON_PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16'; // top level: PRVW
/** How far into a PRVW/THMB payload its JPEG may start (the fields before it: version, size, length). */
const JPEG_SEARCH_SPAN = 48;

/** The boxes laid end to end in [from, to); stops at the first malformed size. */
function boxesIn(buf: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = buf.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) break;
      size = Number(buf.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < header || at + size > to) break;
    out.push({ type: buf.toString('latin1', at + 4, at + 8), body: at + header, end: at + size });
    at += size;
  }
  return out;
}

function uuidOf(buf: Buffer, box: Box): string {
  return box.type === 'uuid' && box.body + 16 <= box.end ? buf.toString('hex', box.body, box.body + 16) : '';
}

/** The JPEG that starts within the first bytes of a PRVW/THMB payload, or null. */
function jpegInside(buf: Buffer, box: Box): Buffer | null {
  const limit = Math.min(box.end - 3, box.body + JPEG_SEARCH_SPAN);
  for (let at = box.body; at < limit; at++) {
    if (buf[at] === 0xff && buf[at + 1] === 0xd8 && buf[at + 2] === 0xff) return buf.subarray(at, box.end);
  }
  return null;
}

/** What a CR3 holds for showing it: its preview JPEGs (largest first) and the TIFF block with its IFD0 (CMT1). */
export interface Cr3Parts {
  jpegs: Buffer[];
  ifd0Tiff: Buffer | null;
}

/** Walks a CR3's boxes for the PRVW preview, the THMB thumbnail and CMT1. Throws MediaError when it has no preview. */
export function cr3Parts(buf: Buffer): Cr3Parts {
  const top = boxesIn(buf, 0, buf.length);
  const jpegs: Buffer[] = [];
  let ifd0Tiff: Buffer | null = null;
  for (const box of top) {
    if (uuidOf(buf, box) === CANON_PREVIEW_UUID) {
      // 16 bytes of UUID, then 8 bytes Canon keeps for itself, then the PRVW box.
      for (const inner of boxesIn(buf, box.body + 24, box.end)) if (inner.type === 'PRVW') pushJpeg(jpegs, jpegInside(buf, inner));
    }
    if (box.type !== 'moov') continue;
    for (const inMoov of boxesIn(buf, box.body, box.end)) {
      if (uuidOf(buf, inMoov) !== CANON_METADATA_UUID) continue;
      for (const tag of boxesIn(buf, inMoov.body + 16, inMoov.end)) {
        if (tag.type === 'THMB') pushJpeg(jpegs, jpegInside(buf, tag));
        if (tag.type === 'CMT1') ifd0Tiff = buf.subarray(tag.body, tag.end);
      }
    }
  }
  if (jpegs.length === 0) throw new MediaError('This CR3 RAW file has no embedded JPEG preview that can be shown');
  const area = (j: Buffer): number => {
    const f = jpegFrameSize(j)!;
    return f.width * f.height;
  };
  return { jpegs: jpegs.sort((a, b) => area(b) - area(a)), ifd0Tiff };
}

function pushJpeg(into: Buffer[], jpeg: Buffer | null): void {
  if (jpeg && jpegFrameSize(jpeg)) into.push(jpeg);
}
