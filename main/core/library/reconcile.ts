/**
 * Applies what is on disk to the catalog: the one code path for scans and watcher events. Files seen are
 * unchanged (one lookup, nothing else), back (missing → present), edited in place (same row, re-embed), moved
 * (relinked row, no re-embed) or new (inserted, embed). Paths gone are marked missing, never deleted.
 */
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { getPhotoByPath, insertPhoto, markMissing, mergePhotoInto, relinkPhoto, updatePhoto } from '../catalog/photos.js';
import { cached } from '../catalog/statements.js';
import { removeSkipped, removeSkippedUnder } from '../catalog/skipped-files.js';
import type { LibraryContext } from './context.js';
import { formatOf } from './file-kinds.js';
import { findCopyOf, findMoveSource, hashFiles, type SeenFile } from './identity.js';

/** What applying a batch did. `toIndex` has already been handed to `onIndexNeeded`. */
export interface ApplyOutcome {
  changed: number;
  added: number;
  relinked: number;
  edited: number;
  toIndex: number[];
}

/** The catalog's view of a path, as needed to classify a file seen on disk. */
export interface Known {
  id: number;
  path: string;
  folderId: number;
  size: number;
  mtimeMs: number;
  presence: 'present' | 'missing';
  contentHash: string | null;
}

const knownColumns = `id, path, folder_id AS folderId, size, mtime_ms AS mtimeMs, presence, content_hash AS contentHash`;

/** Every photo of a folder by path: a scan looks files up here instead of querying once per file. */
export function knownPhotos(ctx: LibraryContext, folderId: number): Map<string, Known> {
  const rows = ctx.db.prepare(`SELECT ${knownColumns} FROM photos WHERE folder_id = ?`).all(folderId) as Known[];
  return new Map(rows.map((r) => [r.path, r]));
}

/**
 * Brings the catalog in line with photo files seen in folder `folderId`. Only new and changed files are hashed;
 * an unchanged file costs one look-up (in `known` when given, else one indexed query). Writes happen in one
 * transaction per batch.
 */
export async function applySeenPhotos(
  ctx: LibraryContext,
  folderId: number,
  files: readonly SeenFile[],
  known?: ReadonlyMap<string, Known>,
): Promise<ApplyOutcome> {
  const { db } = ctx;
  const lookup = cached(db, `SELECT ${knownColumns} FROM photos WHERE path = ?`);
  const back: number[] = [];
  const edits: { file: SeenFile; row: Known }[] = [];
  const fresh: SeenFile[] = [];
  for (const file of files) {
    const row = known ? known.get(file.path) : (lookup.get(file.path) as Known | undefined);
    if (!row) fresh.push(file);
    else if (row.size !== file.size || row.mtimeMs !== Math.round(file.mtimeMs)) edits.push({ file, row });
    else if (row.presence === 'missing' || row.folderId !== folderId) back.push(row.id);
  }
  const outcome: ApplyOutcome = { changed: 0, added: 0, relinked: 0, edited: 0, toIndex: [] };
  if (back.length === 0 && edits.length === 0 && fresh.length === 0) return outcome;
  const hashes = await hashFiles([...edits.map((e) => e.file.path), ...fresh.map((f) => f.path)]);
  db.transaction(() => {
    for (const id of back) updatePhoto(db, id, { folderId, presence: 'present', missingSince: null });
    outcome.changed += back.length;
    for (const { file, row } of edits) {
      const hash = hashes.get(file.path) ?? null;
      const sameContent = hash !== null && hash === row.contentHash;
      updatePhoto(db, row.id, {
        folderId,
        size: file.size,
        mtimeMs: file.mtimeMs,
        contentHash: hash,
        presence: 'present',
        missingSince: null,
      });
      if (!sameContent) {
        updatePhoto(db, row.id, { error: null, thumbPath: null });
        outcome.toIndex.push(row.id);
        outcome.edited++;
      }
      outcome.changed++;
    }
    for (const file of fresh) {
      const hash = hashes.get(file.path) ?? null;
      const source = findMoveSource(db, file, hash);
      if (source) {
        relinkPhoto(db, source.id, { folderId, path: file.path, size: file.size, mtimeMs: file.mtimeMs });
        if (source.contentHash === null && hash !== null) updatePhoto(db, source.id, { contentHash: hash });
        outcome.relinked++;
      } else {
        const id = insertPhoto(db, {
          folderId,
          path: file.path,
          size: file.size,
          mtimeMs: file.mtimeMs,
          format: formatOf(file.path),
          contentHash: hash,
        });
        outcome.toIndex.push(id);
        outcome.added++;
      }
      outcome.changed++;
    }
  }).immediate();
  if (outcome.relinked > 0) ctx.log.info('library: relinked moved photos', { folderId, relinked: outcome.relinked });
  if (outcome.toIndex.length > 0) ctx.onIndexNeeded(outcome.toIndex);
  return outcome;
}

/** What happened to photos whose files vanished. */
export interface GoneOutcome {
  missing: number;
  merged: number;
}

/** A copy counts as the destination of a copy-then-delete move only when it appeared this recently. */
const MOVE_WINDOW_MS = 2 * 60_000;

/**
 * Marks photos at these paths missing when their files are really gone, and forgets gone skipped files. A gone
 * file whose identical copy appeared in the library just before is merged into it (copy-then-delete move), unless
 * `mergeCopies` is false: a whole directory that vanished (moved out of the library) goes missing photo by photo,
 * all alike, so it re-links when it comes back. Returns how many went missing and how many were merged.
 */
export function markGone(ctx: LibraryContext, paths: readonly string[], mergeCopies = true): GoneOutcome {
  const gone = paths.filter((p) => !existsSync(p));
  const ids: number[] = [];
  let merged = 0;
  for (const path of gone) {
    const row = getPhotoByPath(ctx.db, path);
    if (row?.presence !== 'present') continue;
    const found = mergeCopies ? findCopyOf(ctx.db, row) : null;
    const copy = found && found.addedAt > row.addedAt && Date.now() - found.addedAt < MOVE_WINDOW_MS ? found : null;
    if (copy) {
      mergePhotoInto(ctx.db, row.id, copy.id);
      merged++;
      ctx.log.info('library: merged a moved copy into its original', { from: path, to: copy.path });
    } else ids.push(row.id);
  }
  removeSkipped(ctx.db, gone);
  return { missing: markMissing(ctx.db, ids), merged };
}

/** {@link markGone} for every present photo at or below a removed directory. */
export function markGoneUnder(ctx: LibraryContext, folderId: number, dir: string): GoneOutcome {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  const rows = ctx.db
    .prepare(`SELECT path FROM photos WHERE folder_id = ? AND presence = 'present' AND substr(path, 1, ?) = ?`)
    .all(folderId, prefix.length, prefix) as { path: string }[];
  const outcome = markGone(
    ctx,
    rows.map((r) => r.path),
    false,
  );
  removeSkippedUnder(ctx.db, dir, sep);
  return outcome;
}
