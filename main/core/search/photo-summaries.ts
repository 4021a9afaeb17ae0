/** Reads the grid's PhotoSummary for a list of photo ids, in the order given, with each photo's tag names. */
import type { PhotoSummary } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';

interface SummaryRow {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  takenAt: number | null;
  mtimeMs: number;
  presence: 'present' | 'missing';
  hasThumb: number;
  error: string | null;
  rotation: 0 | 90 | 180 | 270;
}

/** Summaries of `ids` in the same order (unknown ids are left out); two queries whatever the count. */
export function photoSummaries(db: Db, ids: readonly number[]): PhotoSummary[] {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const rows = db
    .prepare(
      `SELECT id, path, width, height, taken_at AS takenAt, mtime_ms AS mtimeMs, presence, thumb_path IS NOT NULL AS hasThumb, error,
         rotation FROM photos WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(json) as SummaryRow[];
  const tags = new Map<number, string[]>();
  const tagRows = db
    .prepare(
      `SELECT pt.photo_id AS photoId, t.name FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id
       WHERE pt.photo_id IN (SELECT value FROM json_each(?)) ORDER BY t.name`,
    )
    .all(json) as { photoId: number; name: string }[];
  for (const r of tagRows) {
    const list = tags.get(r.photoId);
    if (list) list.push(r.name);
    else tags.set(r.photoId, [r.name]);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const { mtimeMs, ...rest } = r;
    return [
      { ...rest, date: r.takenAt ?? mtimeMs, dateFromFile: r.takenAt === null, hasThumb: r.hasThumb === 1, tags: tags.get(id) ?? [] },
    ];
  });
}
