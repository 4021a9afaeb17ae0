/** Failures of the machine rather than of a photo (a full disk, a share that went away for a moment): wait, then retry. */
import { statfs } from 'node:fs/promises';
import { formatBytes } from '../units.js';

/** Why indexing has to wait: the disk holding `dir` is full, or the system could not do the read or write just now. */
export type MachineTrouble = { kind: 'disk_full'; dir: string } | { kind: 'io'; code: string };

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
/** Conditions that pass: a network share or drive that stopped answering, too many open files, a busy resource. */
const PASSING_CODES = new Set(['ENOTCONN', 'ESTALE', 'ETIMEDOUT', 'EHOSTDOWN', 'EHOSTUNREACH', 'EMFILE', 'ENFILE', 'EAGAIN', 'EBUSY']);

/**
 * The machine trouble behind `err`, or null when the failure belongs to the photo (corrupt, unsupported, unreadable
 * by permission): those are recorded as the photo's error. `dir` is where the write that failed was going.
 */
export function machineTrouble(err: unknown, dir: string): MachineTrouble | null {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : '';
  const message = err instanceof Error ? err.message : String(err);
  if (FULL_CODES.has(code) || /no space left on device|database or disk is full|disk quota exceeded/i.test(message))
    return { kind: 'disk_full', dir };
  if (PASSING_CODES.has(code)) return { kind: 'io', code };
  return null;
}

/** What the person reads while indexing waits. */
export function troubleMessage(t: MachineTrouble, free: number | null): string {
  if (t.kind === 'io') return `Indexing is waiting: the system could not read or write just now (${t.code}). It tries again by itself.`;
  const left = free === null ? '' : ` (${formatBytes(free)} free)`;
  return `The disk is full${left}: indexing is paused and goes on by itself once space is freed on the drive holding ${t.dir}.`;
}

/** Free bytes for this process on the file system holding `dir`, or null when it cannot be asked. */
export async function freeBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}
