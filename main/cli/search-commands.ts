/** CLI: `search` and `similar`. */
import { resolve } from 'node:path';
import type { SearchFilters, SearchPage, SearchRequest } from '../../preload/contract.js';
import type { CliCore } from './open-core.js';
import { PHOTO_ORDERS } from '../core/catalog/photo-order.js';
import { CliExit, print, unwrap } from './output.js';

/** Search flags as parsed from the command line. */
export interface SearchFlags {
  limit?: string;
  from?: string;
  to?: string;
  folder?: string;
  camera?: string;
  album?: string;
  'has-location'?: boolean;
  type?: string;
  tag?: string[];
  untagged?: boolean;
  sort?: string;
  all?: boolean;
  json: boolean;
}

/** The filters the flags set. */
export function filtersFrom(f: SearchFlags): SearchFilters {
  return {
    from: f.from,
    to: f.to,
    folder: f.folder ? resolve(f.folder) : undefined,
    camera: f.camera,
    hasLocation: f['has-location'] || undefined,
    type: f.type,
    tags: f.tag?.length ? f.tag : undefined,
    untagged: f.untagged || undefined,
    album: f.album,
  };
}

/** The search the flags ask for (without its query). */
export function requestFrom(f: SearchFlags): SearchRequest {
  if (f.sort && f.sort !== 'relevance' && !PHOTO_ORDERS.some((o) => o === f.sort))
    throw new CliExit(`shoebox: --sort is relevance, ${PHOTO_ORDERS.join(', ')}`, 2);
  const limit = f.limit === undefined ? 20 : Number(f.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new CliExit('shoebox: --limit takes a whole number ≥ 1', 2);
  return { filters: filtersFrom(f), sort: f.sort as SearchRequest['sort'], limit, includeWeak: f.all };
}

/** `shoebox search "<query>" [filters]`. */
export async function searchCommand({ core }: CliCore, query: string, flags: SearchFlags): Promise<void> {
  print(unwrap(await core.api.search({ ...requestFrom(flags), query })), flags.json, pageText);
}

/** `shoebox similar <photo id or path>`. */
export async function similarCommand({ core }: CliCore, photo: string, flags: SearchFlags): Promise<void> {
  const id = /^\d+$/.test(photo) ? Number(photo) : core.photoIdByPath(resolve(photo));
  if (id === null) throw new CliExit(`shoebox: ${photo} is not in the library`, 2);
  print(unwrap(await core.api.search({ ...requestFrom(flags), similarTo: id })), flags.json, pageText);
}

/** A page of hits as lines: score, id, path. */
export function pageText(p: SearchPage): string {
  const head = `${p.strongCount} strong matches${p.weakCount ? ` · ${p.weakCount} weaker (use --all to show)` : ''}`;
  const rows = p.hits.map(
    (h) =>
      `${h.score.toFixed(3)}${h.probability === null ? '' : ` (${(h.probability * 100).toFixed(1)}%)`}  #${h.photo.id}  ${h.photo.path}`,
  );
  return [head, ...rows].join('\n');
}
