/** Builds small TIFF-structured files (DNG/NEF-like RAW containers) for the RAW preview tests. */

/** One IFD entry: tag, TIFF type (1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 7 UNDEFINED) and its values. */
export type TiffEntry = [tag: number, type: 1 | 2 | 3 | 4 | 7, values: number[] | string | Buffer];

const SIZES = { 1: 1, 2: 1, 3: 2, 4: 4, 7: 1 } as const;

/** Lays out blobs and IFDs little-endian; write children (SubIFDs, next IFDs) before the IFDs that point at them. */
export class TiffWriter {
  private readonly parts: Buffer[] = [];
  private size = 8;

  constructor(private readonly magic = 'II*\0') {}

  /** Appends raw bytes (e.g. an embedded JPEG) and returns their offset. */
  blob(data: Buffer): number {
    const at = this.size;
    this.parts.push(data);
    this.size += data.length;
    if (this.size % 2 === 1) this.blob(Buffer.alloc(1));
    return at;
  }

  /** Appends an IFD (entries sorted by tag) pointing at `next`, and returns its offset. */
  ifd(entries: TiffEntry[], next = 0): number {
    const encoded = entries
      .sort((a, b) => a[0] - b[0])
      .map(([tag, type, values]) => {
        const bytes = this.encode(type, values);
        const count = typeof values === 'string' ? values.length + 1 : values.length;
        return { tag, type, count, bytes: bytes.length <= 4 ? bytes : null, offset: bytes.length <= 4 ? 0 : this.blob(bytes) };
      });
    const table = Buffer.alloc(2 + encoded.length * 12 + 4);
    table.writeUInt16LE(encoded.length, 0);
    encoded.forEach((e, i) => {
      const at = 2 + i * 12;
      table.writeUInt16LE(e.tag, at);
      table.writeUInt16LE(e.type, at + 2);
      table.writeUInt32LE(e.count, at + 4);
      if (e.bytes) e.bytes.copy(table, at + 8);
      else table.writeUInt32LE(e.offset, at + 8);
    });
    table.writeUInt32LE(next, 2 + encoded.length * 12);
    return this.blob(table);
  }

  /** The finished file with IFD0 at `ifd0`. */
  finish(ifd0: number): Buffer {
    const header = Buffer.alloc(8);
    header.write(this.magic, 0, 'latin1');
    header.writeUInt32LE(ifd0, 4);
    return Buffer.concat([header, ...this.parts]);
  }

  private encode(type: TiffEntry[1], values: TiffEntry[2]): Buffer {
    if (typeof values === 'string') return Buffer.from(`${values}\0`, 'latin1');
    if (Buffer.isBuffer(values)) return values;
    const out = Buffer.alloc(values.length * SIZES[type]);
    values.forEach((v, i) => (type === 3 ? out.writeUInt16LE(v, i * 2) : type === 4 ? out.writeUInt32LE(v, i * 4) : out.writeUInt8(v, i)));
    return out;
  }
}
