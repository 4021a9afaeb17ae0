/** What a file in a library folder is: a photo to index, a file to count and skip, or noise to ignore. */
import { basename, extname } from 'node:path';
import { sidecarTempWriter } from '../tags/xmp.js';

/** `photo`: index it. `skip`: count it quietly (videos, sidecars, other files). `ignore`: act as if absent. */
export type FileKind = 'photo' | 'skip' | 'ignore';

/** Photo extensions mapped to the catalog's `format` (RAW formats keep their own name). */
const photoFormats: Record<string, string> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  tif: 'tiff',
  tiff: 'tiff',
  gif: 'gif',
  heic: 'heic',
  heif: 'heif',
  dng: 'dng',
  cr2: 'cr2',
  cr3: 'cr3',
  nef: 'nef',
  arw: 'arw',
  orf: 'orf',
  rw2: 'rw2',
  raf: 'raf',
  pef: 'pef',
  srw: 'srw',
};

const videoExts = new Set(['mp4', 'mov', 'avi', 'mkv', 'm4v', '3gp', 'webm', 'mts']);
const sidecarExts = new Set(['xmp', 'aae', 'thm']);

/** System litter that is never shown or counted (compared lower-case). Dot-names are ignored too. */
const ignoredNames = new Set(['thumbs.db', 'desktop.ini', '@eadir', '$recycle.bin', 'system volume information']);

function extOf(path: string): string {
  return extname(path).slice(1).toLowerCase();
}

/** Whether a file or folder name is hidden (dot-prefixed) or system litter, so it and everything below it is ignored. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || ignoredNames.has(name.toLowerCase());
}

/** Classifies one file by its name alone (no I/O). */
export function classifyFile(path: string): FileKind {
  const name = basename(path);
  if (isIgnoredName(name) || sidecarTempWriter(name) !== null) return 'ignore';
  return extOf(path) in photoFormats ? 'photo' : 'skip';
}

/** The catalog `format` of a photo path (`jpeg`, `png`, `cr3`, ...), or null when it is not a photo extension. */
export function formatOf(path: string): string | null {
  return photoFormats[extOf(path)] ?? null;
}

/** Why a `skip` file is not indexed, in words for the status view. */
export function skipReason(path: string): string {
  const ext = extOf(path);
  if (videoExts.has(ext)) return 'Video (not indexed)';
  if (sidecarExts.has(ext)) return 'Sidecar file (not indexed)';
  return ext ? `Not a photo (.${ext})` : 'Not a photo (no extension)';
}
