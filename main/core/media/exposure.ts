/** The shooting facts a photographer reads in the viewer (lens, focal length, aperture, shutter, ISO, flash). */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import exifr from 'exifr';
import type { PhotoExposure } from '../../../preload/contract.js';

/** EXIF sits in the first blocks of every format exifr reads; more is never needed for these tags. */
const HEAD_BYTES = 1024 * 1024;

const PICK = ['LensModel', 'LensMake', 'FocalLength', 'FocalLengthIn35mmFormat', 'FNumber', 'ExposureTime', 'ISO', 'Flash'];

/**
 * Reads the exposure facts from the head of `path` (opened once, checked through the descriptor: anything but a
 * regular file gives null), or null
 * when the file holds none or cannot be read. Read when the viewer asks, so libraries indexed before need no rescan.
 */
export async function readExposure(path: string): Promise<PhotoExposure | null> {
  let head: Buffer;
  try {
    // Non-blocking: opening a FIFO planted under a photo's name must not wait for a writer forever.
    const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      if (!(await file.stat()).isFile()) return null;
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await file.read(buf, 0, HEAD_BYTES, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  } catch {
    return null; // Gone or unreadable: the inspector already says so from the catalog.
  }
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(head, { pick: PICK, translateValues: false, reviveValues: false })) as Record<string, unknown> | undefined;
  } catch {
    return null; // A format exifr does not know, or a truncated block: no facts to show.
  }
  if (!tags) return null;
  const exposure: PhotoExposure = {
    lens: text(tags.LensModel) ?? null,
    focalLengthMm: positive(tags.FocalLength),
    focalLength35Mm: positive(tags.FocalLengthIn35mmFormat),
    aperture: positive(tags.FNumber),
    exposureSeconds: positive(tags.ExposureTime),
    iso: positive(Array.isArray(tags.ISO) ? (tags.ISO as unknown[])[0] : tags.ISO),
    flashFired: typeof tags.Flash === 'number' ? (tags.Flash & 1) === 1 : null,
  };
  return Object.values(exposure).some((v) => v !== null) ? exposure : null;
}

function text(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.replace(/\0/g, '').trim();
  return t === '' ? undefined : t.slice(0, 200);
}

function positive(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}
