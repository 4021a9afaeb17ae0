/** Which image format a file really holds, from its first bytes (never from its extension). */

/** Formats decodePhoto understands; RAW names are the camera families whose embedded JPEG preview is used. */
export type PhotoFormat =
  | 'jpeg'
  | 'png'
  | 'webp'
  | 'gif'
  | 'tiff'
  | 'avif'
  | 'heic'
  | 'dng'
  | 'cr2'
  | 'cr3'
  | 'nef'
  | 'arw'
  | 'orf'
  | 'rw2'
  | 'raf'
  | 'pef'
  | 'srw'
  | 'raw';

/** What the magic bytes say: a known container, text, or nothing recognisable. */
export type Sniffed =
  | { kind: 'image'; container: 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'isobmff' }
  | { kind: 'raw'; format: 'orf' | 'rw2' | 'raf' | 'cr3' }
  | { kind: 'text' }
  | { kind: 'unknown' };

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis', 'mif2']);

function ascii(buf: Buffer, start: number, end: number): string {
  return buf.subarray(start, end).toString('latin1');
}

/** Reads the container type from the first bytes of a file. */
export function sniffFormat(buf: Buffer): Sniffed {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return { kind: 'image', container: 'jpeg' };
  if (ascii(buf, 0, 8) === '\x89PNG\r\n\x1a\n') return { kind: 'image', container: 'png' };
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return { kind: 'image', container: 'webp' };
  if (ascii(buf, 0, 6) === 'GIF87a' || ascii(buf, 0, 6) === 'GIF89a') return { kind: 'image', container: 'gif' };
  if (ascii(buf, 0, 15) === 'FUJIFILMCCD-RAW') return { kind: 'raw', format: 'raf' };
  const head4 = ascii(buf, 0, 4);
  if (head4 === 'IIRO' || head4 === 'IIRS' || head4 === 'MMOR') return { kind: 'raw', format: 'orf' };
  if (head4 === 'IIU\0') return { kind: 'raw', format: 'rw2' };
  if (head4 === 'II*\0' || head4 === 'MM\0*') return { kind: 'image', container: 'tiff' };
  if (ascii(buf, 4, 8) === 'ftyp' && ascii(buf, 8, 12) === 'crx ') return { kind: 'raw', format: 'cr3' }; // Canon CR3
  if (ascii(buf, 4, 8) === 'ftyp' && isHeifFamily(buf)) return { kind: 'image', container: 'isobmff' };
  return looksLikeText(buf) ? { kind: 'text' } : { kind: 'unknown' };
}

/** True when the ftyp box names a HEIF/AVIF brand as major or compatible brand. */
function isHeifFamily(buf: Buffer): boolean {
  const boxSize = Math.min(buf.length >= 4 ? buf.readUInt32BE(0) : 0, buf.length, 256);
  for (let at = 8; at + 4 <= boxSize; at += 4) {
    if (at === 12) continue; // minor version, not a brand
    if (HEIF_BRANDS.has(ascii(buf, at, at + 4))) return true;
  }
  return false;
}

/** Heuristic: the first KiB has no NUL byte, decodes as UTF-8 and is almost all printable characters. */
function looksLikeText(buf: Buffer): boolean {
  const head = buf.subarray(0, 1024);
  if (head.length === 0 || head.includes(0)) return false;
  const chars = [...head.toString('utf8')].slice(0, -1); // the last one may be a cut multi-byte sequence
  if (chars.length === 0) return true;
  const printable = chars.filter((c) => c === '\t' || c === '\n' || c === '\r' || (c >= ' ' && c !== '\x7f' && c !== '\ufffd'));
  return printable.length / chars.length > 0.95;
}
