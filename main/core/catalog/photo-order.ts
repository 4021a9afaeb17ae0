/** The orders photos can be listed in (library pages, filter-only searches, a query's results re-sorted). */
import type { PhotoOrder } from '../../../preload/contract.js';

/** Every order, for validation and the CLI's help. */
export const PHOTO_ORDERS = ['date', 'added', 'name', 'size'] as const satisfies readonly PhotoOrder[];

/**
 * ORDER BY for `order` over the photos alias `p`; the id breaks ties so pages never overlap. Each order matches an
 * index of migration 13/16 ([Note: Folder tree and sort orders]); 'date' is the date taken, else the file's time.
 */
export function orderBySql(order: PhotoOrder = 'date'): string {
  switch (order) {
    case 'added':
      return 'p.added_at DESC, p.id DESC';
    case 'name':
      return 'p.file_name COLLATE NOCASE, p.id';
    case 'size':
      return 'p.size DESC, p.id DESC';
    default:
      return 'COALESCE(p.taken_at, p.mtime_ms) DESC, p.id DESC';
  }
}

/** The index a library page in `order` walks (none when a folder narrows the page: `photos_dir` serves those). */
export function orderIndex(order: PhotoOrder = 'date'): string {
  return { date: 'photos_present_newest', added: 'photos_present_added', name: 'photos_present_name', size: 'photos_present_size' }[order];
}
