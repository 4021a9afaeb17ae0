/** Validates search filters and turns them into one parameterised SQL condition on `photos p`. */
import type { Result, SearchFilters } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { normalizeTagName } from '../tags/tag-names.js';
import { fail, ok } from '../result.js';

/** A WHERE condition over `photos p` with its bound values (never interpolated). */
export interface FilterSql {
  where: string;
  args: unknown[];
}

const TYPE_ALIASES: Record<string, string[]> = {
  jpg: ['jpg', 'jpeg'],
  jpeg: ['jpg', 'jpeg'],
  tif: ['tif', 'tiff'],
  tiff: ['tif', 'tiff'],
  heic: ['heic', 'heif'],
  heif: ['heic', 'heif'],
};

/**
 * Parses an ISO calendar date `YYYY-MM-DD` into the epoch-ms range of that day in this machine's time zone (as
 * media/exif.ts reads zone-less EXIF times), or null when malformed (including 2023-13-45 or 2023-02-30).
 */
export function parseDay(s: string): { start: number; end: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(y, mo - 1, d);
  if (back.getFullYear() !== y || back.getMonth() !== mo - 1 || back.getDate() !== d) return null;
  return { start: back.getTime(), end: new Date(y, mo - 1, d + 1).getTime() - 1 };
}

function dateFilter(name: 'from' | 'to', value: string | undefined): Result<{ start: number; end: number } | null> {
  if (value === undefined) return ok(null);
  const day = typeof value === 'string' ? parseDay(value.trim()) : null;
  if (!day) return fail('invalid_input', `Invalid "${name}" date "${String(value)}": use YYYY-MM-DD, e.g. 2023-07-14`);
  return ok(day);
}

/** Builds the SQL for `filters`; null when there are none. Unknown tags and folders are not_found. */
export function buildFilterSql(db: Db, filters: SearchFilters | undefined): Result<FilterSql | null> {
  if (!filters) return ok(null);
  const parts: string[] = [];
  const args: unknown[] = [];
  const from = dateFilter('from', filters.from);
  if (!from.ok) return from;
  const to = dateFilter('to', filters.to);
  if (!to.ok) return to;
  if (from.value && to.value && from.value.start > to.value.end) {
    return fail('invalid_input', `The "from" date ${filters.from} is after the "to" date ${filters.to}`);
  }
  if (from.value) {
    parts.push('p.taken_at >= ?');
    args.push(from.value.start);
  }
  if (to.value) {
    parts.push('p.taken_at <= ?');
    args.push(to.value.end);
  }
  if (filters.folder !== undefined && filters.folder.trim() !== '') {
    const folder = filters.folder.trim();
    if (/^\d+$/u.test(folder)) {
      const found = db.prepare('SELECT 1 FROM folders WHERE id = ?').get(Number(folder));
      if (!found) return fail('not_found', `No library folder with id ${folder}`);
      parts.push('p.folder_id = ?');
      args.push(Number(folder));
    } else {
      const base = folder.replace(/[\\/]+$/u, '');
      parts.push('(p.path = ? OR substr(p.path, 1, ?) IN (?, ?))');
      args.push(base, base.length + 1, `${base}/`, `${base}\\`);
    }
  }
  if (filters.camera !== undefined && filters.camera.trim() !== '') {
    parts.push(`instr(lower(COALESCE(p.camera_make, '') || ' ' || COALESCE(p.camera_model, '')), lower(?)) > 0`);
    args.push(filters.camera.trim());
  }
  if (filters.hasLocation !== undefined) {
    parts.push(filters.hasLocation ? '(p.gps_lat IS NOT NULL AND p.gps_lon IS NOT NULL)' : '(p.gps_lat IS NULL OR p.gps_lon IS NULL)');
  }
  if (filters.album !== undefined && filters.album.trim() !== '') {
    const album = db.prepare(`SELECT id, search FROM albums WHERE name = ?`).get(filters.album.trim()) as
      { id: number; search: string | null } | undefined;
    if (!album) return fail('not_found', `No album named "${filters.album.trim()}"`);
    if (album.search !== null) return fail('invalid_input', `"${filters.album.trim()}" is a smart album: open it to run its search`);
    parts.push('p.id IN (SELECT photo_id FROM album_photos WHERE album_id = ?)');
    args.push(album.id);
  }
  const tagged = tagFilter(db, filters, parts, args);
  if (!tagged.ok) return tagged;
  if (filters.type !== undefined && filters.type.trim() !== '') {
    const t = filters.type.trim().toLowerCase().replace(/^\./u, '');
    const names = TYPE_ALIASES[t] ?? [t];
    const ors = names.map(() => `lower(COALESCE(p.format, '')) = ? OR lower(p.path) LIKE ? ESCAPE '\\'`);
    parts.push(`(${ors.join(' OR ')})`);
    for (const n of names) args.push(n, `%.${n.replace(/[\\%_]/gu, (c) => `\\${c}`)}`);
  }
  return ok(parts.length === 0 ? null : { where: parts.join(' AND '), args });
}

function tagFilter(db: Db, filters: SearchFilters, parts: string[], args: unknown[]): Result<true> {
  const tags = filters.tags ?? [];
  if (tags.length > 0 && filters.untagged) return fail('invalid_input', 'Choose either tags or "untagged", not both');
  const ids: number[] = [];
  for (const raw of tags) {
    const name = normalizeTagName(raw);
    if (!name.ok) return fail('invalid_input', name.message);
    const row = db.prepare('SELECT id FROM tags WHERE name = ?').get(name.name) as { id: number } | undefined;
    if (!row) return fail('not_found', `No tag named "${name.name}"`);
    ids.push(row.id);
  }
  const mode = filters.tagMode ?? 'all';
  if (ids.length > 0 && mode !== 'all') {
    const not = mode === 'none' ? 'NOT ' : '';
    parts.push(`${not}EXISTS (SELECT 1 FROM photo_tags pt WHERE pt.photo_id = p.id AND pt.tag_id IN (SELECT value FROM json_each(?)))`);
    args.push(JSON.stringify(ids));
  }
  for (const id of mode === 'all' ? ids : []) {
    parts.push('EXISTS (SELECT 1 FROM photo_tags pt WHERE pt.photo_id = p.id AND pt.tag_id = ?)');
    args.push(id);
  }
  if (filters.untagged) parts.push('NOT EXISTS (SELECT 1 FROM photo_tags pt WHERE pt.photo_id = p.id)');
  return ok(true);
}
