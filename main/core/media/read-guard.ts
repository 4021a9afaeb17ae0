/** Reads a photo's bytes with guards: regular files only, format sniffed from the head, a size cap, a byte budget. */
import { formatBytes } from '../units.js';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { decodeBudget, type ByteBudget } from './byte-budget.js';
import { sniffFormat, type Sniffed } from './formats.js';
import { MediaError } from './media-error.js';

/** How many leading bytes are read to learn a file's format before anything else is read. */
export const SNIFF_BYTES = 64 * 1024;

const MiB = 1024 * 1024;

/**
 * The largest file of each kind that is read into memory; a bigger one is refused unread. Far above real photos
 * (a 100 MP JPEG is ~50 MB, a 60 MP RAW ~120 MB), far below what would exhaust the index process.
 */
export const MAX_FILE_BYTES = {
  jpeg: 192 * MiB,
  png: 384 * MiB,
  webp: 64 * MiB,
  gif: 192 * MiB,
  tiff: 384 * MiB,
  isobmff: 192 * MiB,
  raw: 384 * MiB,
} as const;

/** A photo file read whole: its bytes, what its head says it is, and the budget share to give back when done. */
export interface PhotoBytes {
  buf: Buffer;
  sniffed: Extract<Sniffed, { kind: 'image' | 'raw' }>;
  /** The file's size and modification time (ms) as fstat gave them when it was opened. */
  size: number;
  mtimeMs: number;
  /** Gives the bytes' share of the decode budget back; call once the bytes are no longer needed. */
  release(): void;
}

/** "JPEG", "HEIC/AVIF", "CR3 RAW": the kind of photo a file's head announces. */
function kindName(sniffed: PhotoBytes['sniffed']): string {
  if (sniffed.kind === 'raw') return `${sniffed.format.toUpperCase()} RAW`;
  return sniffed.container === 'isobmff' ? 'HEIC/AVIF' : sniffed.container.toUpperCase();
}

/** Plain words for the errors opening or reading a file can give. */
function readError(err: unknown): MediaError {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'The file is gone (moved or deleted since the scan)',
    EACCES: 'Permission denied: this file cannot be read',
    EPERM: 'Permission denied: this file cannot be read',
    ENAMETOOLONG: 'The path is too long for the system to open',
    ELOOP: 'The link points to itself in a loop',
    EISDIR: 'This is a folder, not a file',
    EIO: 'The disk reported a read error for this file',
  };
  return new MediaError(words[code ?? ''] ?? `The file could not be read (${code ?? 'unknown error'})`, { cause: err });
}

async function readAt(file: FileHandle, into: Buffer, from: number): Promise<number> {
  let filled = from;
  while (filled < into.length) {
    const { bytesRead } = await file.read(into, filled, into.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/**
 * Opens `path` without blocking (a FIFO or device is refused after fstat, never read), reads its first
 * {@link SNIFF_BYTES}, refuses non-images and files above their kind's {@link MAX_FILE_BYTES} from that head alone,
 * then waits for the file's size in `budget` and reads the rest (never more than the size fstat gave).
 */
export async function readPhotoFile(path: string, budget: ByteBudget = decodeBudget): Promise<PhotoBytes> {
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((err: unknown) => {
    throw readError(err);
  });
  try {
    const st = await file.stat();
    if (st.isDirectory()) throw new MediaError('This is a folder, not a file');
    if (!st.isFile()) throw new MediaError('Not a regular file (a device, pipe or socket), so it is never read');
    if (st.size === 0) throw new MediaError('The file is empty (0 bytes)');
    const head = Buffer.alloc(Math.min(st.size, SNIFF_BYTES));
    const headLength = await readAt(file, head, 0).catch((err: unknown) => {
      throw readError(err);
    });
    const sniffed = sniffFormat(head.subarray(0, headLength));
    if (sniffed.kind === 'text') throw new MediaError('Not an image (looks like text)');
    if (sniffed.kind === 'unknown') throw new MediaError('Not an image (unrecognised file type)');
    const limit = MAX_FILE_BYTES[sniffed.kind === 'raw' ? 'raw' : sniffed.container];
    if (st.size > limit) {
      const sizes = `${formatBytes(st.size)} (the limit is ${formatBytes(limit)})`;
      throw new MediaError(`Too large to be a ${kindName(sniffed)} photo: ${sizes}, so it is not read`);
    }
    const release = await budget.acquire(st.size);
    try {
      const buf = Buffer.allocUnsafe(st.size);
      head.copy(buf, 0, 0, headLength);
      const length = await readAt(file, buf, headLength);
      return { buf: length === buf.length ? buf : buf.subarray(0, length), sniffed, size: st.size, mtimeMs: st.mtimeMs, release };
    } catch (err) {
      release();
      throw readError(err);
    }
  } finally {
    await file.close();
  }
}
