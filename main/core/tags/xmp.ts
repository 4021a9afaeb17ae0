/** XMP sidecars: writes a photo's tags next to it (originals never touched) and reads keywords back at import. */
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Db } from '../catalog/db.js';
import { mergeXmpKeywords, readXmpKeywords, EMPTY_XMP } from './xmp-document.js';
import { composeOrientation, fileOrientation, hasXmpOrientation, setXmpOrientation } from './xmp-orientation.js';
import { leafName, normalizeTagName } from './tag-names.js';
import { ensureTag } from './tag-store.js';
import { openRegularFile } from '../media-access.js';

/**
 * [Note: Sidecar names]
 * Lightroom and digiKam use `IMG_1.xmp` (extension replaced), darktable `IMG_1.jpg.xmp` (appended). Shoebox reads
 * both, writes into whichever exists (`IMG_1.xmp` first), and creates `IMG_1.xmp` when neither does. A RAW+JPEG
 * pair sharing a base name shares that sidecar, as in Lightroom.
 */
export function sidecarCandidates(photoPath: string): string[] {
  const base = join(dirname(photoPath), basename(photoPath, extname(photoPath)));
  return [`${base}.xmp`, `${photoPath}.xmp`];
}

/** The existing sidecar of a photo, or null. */
export function findSidecar(photoPath: string): string | null {
  return sidecarCandidates(photoPath).find((p) => existsSync(p)) ?? null;
}

/** Tag names from a photo's sidecar(s): hierarchical keywords as "A/B", flat ones not already a hierarchy's leaf. */
export async function readSidecarKeywords(photoPath: string): Promise<string[]> {
  const names: string[] = [];
  for (const file of sidecarCandidates(photoPath)) {
    if (!existsSync(file)) continue;
    const text = await readSidecarText(file);
    if (text === null) continue;
    const k = readXmpKeywords(text);
    names.push(...k.hierarchical, ...k.flat);
  }
  return keywordsToTags(names);
}

/** Sidecars larger than this are not XMP a photo tool wrote; they are left unread. */
const MAX_SIDECAR_BYTES = 16 * 1024 * 1024;

/** A sidecar's text when it is a regular file of sane size; null for a FIFO, device or giant (never a blocking read). */
async function readSidecarText(file: string): Promise<string | null> {
  const opened = await openRegularFile(file);
  if (!opened) return null;
  try {
    return opened.stats.size > MAX_SIDECAR_BYTES ? null : (await opened.handle.readFile()).toString('utf8');
  } finally {
    await opened.handle.close();
  }
}

/** Normalises keywords ("Places|France" → "Places/France"), dropping flat duplicates of hierarchical leaves and invalid ones. */
export function keywordsToTags(keywords: readonly string[]): string[] {
  const names = keywords.flatMap((k) => {
    const n = normalizeTagName(k.split('|').join('/'));
    return n.ok ? [n.name] : [];
  });
  const leaves = new Set(names.filter((n) => n.includes('/')).map((n) => leafName(n).toLowerCase()));
  const out = new Map<string, string>();
  for (const n of names) if (n.includes('/') || !leaves.has(n.toLowerCase())) out.set(n.toLowerCase(), n);
  return [...out.values()];
}

/** Records keywords found in a file or sidecar as 'imported' tags of a photo (existing tags are kept as they are). */
export function importKeywords(db: Db, photoId: number, keywords: readonly string[], now = Date.now()): number {
  const tags = keywordsToTags(keywords);
  const insert = db.prepare(
    `INSERT INTO photo_tags (photo_id, tag_id, source, score, created_at) VALUES (?, ?, 'imported', NULL, ?)
     ON CONFLICT(photo_id, tag_id) DO NOTHING`,
  );
  return db.transaction(() => tags.reduce((n, name) => n + insert.run(photoId, ensureTag(db, name, {}, now), now).changes, 0)).immediate();
}

/** The manual, imported and accepted tags of a photo, by name. */
export function photoTagNames(db: Db, photoId: number): string[] {
  return (
    db.prepare('SELECT t.name FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.photo_id = ? ORDER BY t.name').all(photoId) as {
      name: string;
    }[]
  ).map((r) => r.name);
}

/** The sidecar a photo's tags go to: the existing one (see [Note: Sidecar names]) or `IMG_1.xmp` when none exists. */
export function sidecarTarget(photoPath: string): string {
  return findSidecar(photoPath) ?? sidecarCandidates(photoPath)[0]!;
}

const TEMP_NAME = /\.xmp\.shoebox-(\d+)\.tmp$/u;

/** Whether a file name is a sidecar write in progress (`IMG_1.xmp.shoebox-<pid>.tmp`); the pid of its writer, or null. */
export function sidecarTempWriter(name: string): number | null {
  const m = TEMP_NAME.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * Writes `tags` into the photo's sidecar when `enabled` (the `writeXmp` setting, off by default): merged into the
 * existing sidecar (every other field and other tools' keywords kept, see {@link mergeXmpKeywords}) or a new one,
 * written atomically (temp file + rename). `tags` must be every tag of every photo sharing the sidecar. Returns the
 * path written, or null when disabled. `rotation` (degrees clockwise the person turned the photo) is written as
 * tiff:Orientation composed with the file's own orientation.
 */
export async function writeSidecarTags(photoPath: string, tags: readonly string[], enabled: boolean, rotation = 0): Promise<string | null> {
  if (!enabled) return null;
  const target = sidecarTarget(photoPath);
  const existing = existsSync(target) ? await readSidecarText(target) : EMPTY_XMP;
  // Something at the sidecar's name that is not a small regular file (a FIFO, a device, a giant) is left alone.
  if (existing === null)
    throw new Error(`${target} is not an XMP file Shoebox can read (not a regular file, or too large); it is left as it is`);
  const current = existing;
  const merged = mergeXmpKeywords(current, tags);
  // The person's rotation goes in as tiff:Orientation; a sidecar that has one already follows a turn back to 0.
  const next =
    rotation !== 0 || hasXmpOrientation(merged)
      ? setXmpOrientation(merged, composeOrientation(await fileOrientation(photoPath), rotation))
      : merged;
  if (next === current) return target;
  const tmp = `${target}.shoebox-${process.pid}.tmp`;
  await writeFile(tmp, next);
  await rename(tmp, target);
  return target;
}
