/** Reads TIFF image file directories (IFD0's chain, SubIFDs, maker-note IFDs) from a buffer, past loops and bad offsets. */

/**
 * One IFD: each tag's numeric values, or `[offset, length]` (absolute) for BYTE, ASCII and UNDEFINED tags; and each
 * tag's TIFF type.
 */
export interface Ifd {
  tags: Map<number, number[]>;
  types: Map<number, number>;
}

const SUB_IFDS = 0x014a;
const BYTE_TYPES = new Set([1, 2, 7]);
const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 6: 1, 7: 1, 8: 2, 9: 4, 13: 4, 16: 8 };
const MAX_IFDS = 64;

/**
 * Reads the IFD at absolute position `first` and every IFD reachable from it (next-IFD chain and SubIFDs).
 * Offsets stored inside are relative to `base`: 0 for the file's own TIFF header, the maker note's start for
 * maker notes that count from there. Values and byte ranges are returned as absolute positions.
 */
export function readIfds(buf: Buffer, little: boolean, first: number, base = 0): Ifd[] {
  const u16 = (at: number): number => (little ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
  const u32 = (at: number): number => (little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const seen = new Set<number>();
  const ifds: Ifd[] = [];
  const queue = [first];
  while (queue.length > 0 && ifds.length < MAX_IFDS) {
    const at = queue.shift() as number;
    if (at < 8 || at + 2 > buf.length || seen.has(at)) continue;
    seen.add(at);
    const count = u16(at);
    if (at + 2 + count * 12 + 4 > buf.length) continue;
    const ifd: Ifd = { tags: new Map(), types: new Map() };
    for (let i = 0; i < count; i++) {
      const entry = at + 2 + i * 12;
      const [tag, type, n] = [u16(entry), u16(entry + 2), u32(entry + 4)];
      const size = TYPE_SIZE[type] ?? 0;
      if (size === 0 || n === 0) continue;
      const dataAt = size * n <= 4 ? entry + 8 : base + u32(entry + 8);
      ifd.types.set(tag, type);
      if (BYTE_TYPES.has(type)) {
        ifd.tags.set(tag, [dataAt, n]);
        continue;
      }
      if (dataAt + size * Math.min(n, 1024) > buf.length) continue;
      const values: number[] = [];
      for (let k = 0; k < Math.min(n, 1024); k++) values.push(size === 2 ? u16(dataAt + k * 2) : u32(dataAt + k * 4));
      ifd.tags.set(tag, values);
    }
    ifds.push(ifd);
    const linked = [...(ifd.tags.get(SUB_IFDS) ?? []), u32(at + 2 + count * 12)];
    queue.push(...linked.filter((offset) => offset > 0).map((offset) => base + offset));
  }
  return ifds;
}
