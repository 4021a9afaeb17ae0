/** Copies photos to a folder: originals or resized JPEGs, with their tags in XMP sidecars or inside the JPEGs, reporting progress. */
import { constants, existsSync } from 'node:fs';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ExportProgress, ExportRequest } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import type { Logger } from '../ports.js';
import { renderDisplayBytes } from '../media/display.js';
import { MediaError } from '../media/media-error.js';
import { readPhotoFile } from '../media/read-guard.js';
import { EMPTY_XMP, mergeXmpKeywords } from '../tags/xmp-document.js';
import { photoTagNames } from '../tags/xmp.js';
import { copyName } from './export-target.js';

/** Photos written at once: sharp's decodes run on libuv's pool, two keep both cores busy without starving the UI. */
const IN_FLIGHT = 2;
const DEFAULT_LONG_EDGE = 2048;
const DEFAULT_QUALITY = 90;

interface ExportRow {
  id: number;
  path: string;
  presence: 'present' | 'missing';
  rotation: number;
}

/**
 * Writes every photo of `req` into `folder` (already checked by prepareExportFolder), IN_FLIGHT at a time, calling
 * `progress` after each; a photo that cannot be written is listed with why, the rest go on. Resolves when all are done.
 */
export async function exportPhotos(
  db: Db,
  folder: string,
  req: ExportRequest,
  log: Logger,
  progress: (p: ExportProgress) => void,
): Promise<ExportProgress> {
  const rows = db
    .prepare(`SELECT id, path, presence, rotation FROM photos WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(req.photoIds)) as ExportRow[];
  const state: ExportProgress = { state: 'running', dest: folder, done: 0, total: req.photoIds.length, failures: [] };
  const unknown = req.photoIds.length - rows.length;
  if (unknown > 0) state.failures.push({ path: `${unknown} photo(s)`, reason: 'no longer in the library' });
  state.done += unknown;
  const stems = new Set<string>();
  const queue = [...rows];
  const worker = async (): Promise<void> => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const ext = req.format === 'jpeg' ? '.jpg' : extname(row.path);
      const target = join(
        folder,
        copyName(row.path, ext, stems, (name) => existsSync(join(folder, name))),
      );
      try {
        const tags = req.sidecars || req.embedTags ? photoTagNames(db, row.id) : [];
        const xmp = tags.length > 0 ? mergeXmpKeywords(EMPTY_XMP, tags) : null;
        await writeCopy(row, target, req, req.embedTags ? xmp : null);
        if (req.sidecars && xmp !== null) await writeFile(sidecarOf(target), xmp, { flag: 'wx' });
      } catch (err) {
        await rm(target, { force: true });
        state.failures.push({ path: row.path, reason: exportFailure(err) });
        log.warn('export: a photo was not written', { path: row.path, target, error: String(err) });
      }
      state.done++;
      progress({ ...state, failures: [...state.failures] });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const final: ExportProgress = { ...state, state: 'done', failures: [...state.failures] };
  progress(final);
  return final;
}

/** The sidecar beside an exported copy: `IMG_1.xmp` for `IMG_1.jpg` (the name Lightroom and digiKam read first). */
function sidecarOf(copy: string): string {
  return join(copy.slice(0, copy.length - basename(copy).length), `${basename(copy, extname(copy))}.xmp`);
}

/** Writes one copy: the original as it is, or a JPEG (with `xmp` inside it when given). */
async function writeCopy(row: ExportRow, target: string, req: ExportRequest, xmp: string | null): Promise<void> {
  if (row.presence !== 'present') throw new MediaError('The file is missing: reconnect its drive and export again');
  if (req.format === 'original') {
    // The file as it is (the person's rotation lives in the catalog); never over an existing file.
    await copyFile(row.path, target, constants.COPYFILE_EXCL);
    return;
  }
  const { buf, release } = await readPhotoFile(row.path);
  try {
    await renderDisplayBytes(buf, target, req.longEdge ?? DEFAULT_LONG_EDGE, {
      rotation: row.rotation,
      quality: req.quality ?? DEFAULT_QUALITY,
      ...(xmp === null ? {} : { xmp }),
    });
  } finally {
    release();
  }
}

/** Why a copy failed, in plain words (a decoder's own text never reaches the person). */
function exportFailure(err: unknown): string {
  if (err instanceof MediaError) return err.message;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'The export folder’s disk is full';
  if (code === 'ENOENT') return 'The file is gone from its folder';
  if (code === 'EACCES' || code === 'EPERM') return 'Shoebox may not read the file or write the copy';
  if (code === 'EEXIST') return 'A file of that name appeared in the export folder meanwhile; it was left as it is';
  return 'The copy could not be written';
}
