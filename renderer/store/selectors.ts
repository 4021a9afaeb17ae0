/** Pure selectors over the store's state: which list the grid shows, photo at an index, summaries for people. */
import type {
  AlbumSummary,
  JobProgress,
  LibraryStatus,
  PhotoSummary,
  SearchFilters,
  SuggestionCandidate,
  SuggestionGroup,
} from '../../preload/contract.js';
import { noFilters } from '../lib/filters.js';
import { formatCount, formatEta, formatRate } from '../lib/format.js';

/** The slice of state the grid selectors read. */
export interface GridState {
  query: string;
  filters: SearchFilters;
  similarTo: { id: number; name: string } | null;
  results: { hits: { photo: PhotoSummary }[]; total: number } | null;
  total: number;
  pages: ReadonlyMap<number, PhotoSummary[]>;
}

/** True when the grid should show search results rather than the library. */
export function searchActive(s: Pick<GridState, 'query' | 'filters' | 'similarTo'>): boolean {
  return s.query.trim() !== '' || s.similarTo !== null || !noFilters(s.filters);
}

/** The photo at `index` of whatever the grid shows, or undefined while its page is not loaded. */
export function photoAt(s: GridState, index: number, pageSize: number): PhotoSummary | undefined {
  if (searchActive(s)) return s.results?.hits[index]?.photo;
  return s.pages.get(Math.floor(index / pageSize))?.[index % pageSize];
}

/** How many items the grid lays out (search: the hits loaded so far). */
export function gridCount(s: GridState): number {
  return searchActive(s) ? (s.results?.hits.length ?? 0) : s.total;
}

/** Ids of the loaded photos between two indices (inclusive, either order), for shift-click. */
export function idsInRange(s: GridState, a: number, b: number, pageSize: number): number[] {
  const ids: number[] = [];
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
    const photo = photoAt(s, i, pageSize);
    if (photo) ids.push(photo.id);
  }
  return ids;
}

/** "37 strong matches · 120 weaker" — the search summary line (without the "(show)" control). */
export function resultsSummary(r: { strongCount: number; weakCount: number; total: number; cutoff: { kind: string } }): string {
  if (r.cutoff.kind === 'none') return `${formatCount(r.total)} ${r.total === 1 ? 'photo' : 'photos'}`;
  const strong = `${formatCount(r.strongCount)} strong ${r.strongCount === 1 ? 'match' : 'matches'}`;
  return r.weakCount > 0 ? `${strong} · ${formatCount(r.weakCount)} weaker` : strong;
}

/**
 * "Indexing 4,210 / 12,877 · 3.1 photos/s · ~47 min left · CPU" ("Reading photos …" without a model; or the paused
 * wording). Counts are photos of the library, never more than it holds.
 */
export function jobLine(p: JobProgress): string {
  const counts = `${formatCount(p.done)} / ${formatCount(p.total)}`;
  const verb = p.stage === 'reading' ? 'Reading photos' : 'Indexing';
  if (p.preparing) {
    const pct = p.preparing.total > 0 ? Math.round((100 * p.preparing.done) / p.preparing.total) : 0;
    return `Preparing a faster int8 model for this computer's processor · ${pct}%`;
  }
  if (p.state === 'paused') return `${verb} paused at ${counts}`;
  if (p.state === 'idle') return p.total > 0 ? `${verb}: all ${formatCount(p.total)} photos done` : 'Nothing to index';
  const parts = [`${verb} ${counts}`];
  if (p.rate > 0) parts.push(`${formatRate(p.rate)} photos/s`);
  const eta = formatEta(p.etaSeconds);
  if (eta) parts.push(eta);
  if (p.provider) parts.push(p.provider.toUpperCase());
  if (p.errors > 0) parts.push(`${formatCount(p.errors)} failed`);
  return parts.join(' · ');
}

/** "1,184 photos · 1,180 searchable · 4 failed · 15 missing": the library at rest, from the status counts. */
export function statusLine(s: LibraryStatus): string {
  const c = s.counts;
  const parts = [`${formatCount(c.photos)} ${c.photos === 1 ? 'photo' : 'photos'}`];
  parts.push(s.model || s.serving ? `${formatCount(c.indexed)} searchable` : 'search waits for a model');
  if (c.errors > 0) parts.push(`${formatCount(c.errors)} failed`);
  if (c.missing > 0) parts.push(`${formatCount(c.missing)} missing`);
  return parts.join(' · ');
}

/** "Searching with Base 224 while Large 384 indexes: 40 %", while a newly chosen model re-embeds the library. */
export function switchLine(s: LibraryStatus): string | null {
  if (!s.switching || !s.serving) return null;
  const pct = s.switching.total > 0 ? Math.floor((100 * s.switching.done) / s.switching.total) : 100;
  return `Searching with ${s.serving.name} while ${s.model?.name ?? 'the new model'} indexes: ${pct} %`;
}

/** Review groups for a category ('all' keeps every group), most candidates first, then by name. */
export function visibleGroups(groups: readonly SuggestionGroup[], category: string): SuggestionGroup[] {
  return groups
    .filter((g) => category === 'all' || (g.category ?? 'other') === category)
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** The categories present in the review groups, sorted, with "other" for uncategorised tags. */
export function groupCategories(groups: readonly SuggestionGroup[]): string[] {
  return [...new Set(groups.map((g) => g.category ?? 'other'))].sort();
}

/** A tag's name without its category prefix ("Colours/Dark" in category "Colours" → "Dark"). */
export function shortTagName(tag: string, category: string | null): string {
  return category && tag.startsWith(`${category}/`) ? tag.slice(category.length + 1) : tag;
}

/** The candidates pre-selected by a threshold: every photo scoring at or above it. */
export function preselect(candidates: readonly SuggestionCandidate[], threshold: number): Set<number> {
  return new Set(candidates.filter((c) => c.score >= threshold).map((c) => c.photo.id));
}

/** The album the grid shows: a manual one by its filter, a smart one when the search is exactly its saved search. */
export function currentAlbum(s: {
  albums: AlbumSummary[] | null;
  query: string;
  filters: SearchFilters;
  similarTo: unknown;
}): AlbumSummary | undefined {
  if (s.similarTo) return undefined;
  const same = (a: SearchFilters | undefined, b: SearchFilters): boolean => JSON.stringify(a ?? {}) === JSON.stringify(b);
  return s.albums?.find((a) =>
    a.search
      ? (a.search.query ?? '') === s.query.trim() && same(a.search.filters, s.filters) && (s.query.trim() !== '' || !noFilters(s.filters))
      : s.filters.album?.toLowerCase() === a.name.toLowerCase(),
  );
}
