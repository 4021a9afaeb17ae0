/** The search service: text, find-similar or filter-only searches over the catalog, paged, with a relevance cut-off. */
import type { PhotoOrder, Result, SearchHit, SearchPage, SearchRequest } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { getEmbedding } from '../catalog/embeddings.js';
import { orderBySql, PHOTO_ORDERS } from '../catalog/photo-order.js';
import { matchProbability, type LogitCalibration } from '../ml/scores.js';
import { clampSensitivity, probabilityCutoff, relativeCutoff, type Cutoff } from './cutoff.js';
import { buildFilterSql, type FilterSql } from './filters.js';
import { photoSummaries } from './photo-summaries.js';
import { parseQuery, queryTooLong, type ParsedQuery } from './query-parse.js';
import { combineConcepts } from './query-vector.js';
import { fail, ok } from '../result.js';
import type { VectorHit, VectorIndex } from './vector-index.js';

/** What the search service needs: the catalog, the live index and text tower of the active model, its calibration. */
export interface SearchDeps {
  db: Db;
  getIndex: () => VectorIndex | null;
  embedText: (texts: string[]) => Promise<Float32Array[]>;
  getCalibration: () => LogitCalibration | null;
  modelId: () => string | null;
}

/** The search service. */
export interface SearchService {
  /** Runs a search; never changes the catalog. */
  search(req: SearchRequest): Promise<Result<SearchPage>>;
}

/** Largest page. */
export const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 100;
/** Hits ranked exactly per query at least (the cut-off and the counts look at these). */
const MIN_RANKED = 1000;
/** Hits ranked when a query's results are sorted by something other than relevance. */
const ORDERED_RANKED = 5000;

interface Paging {
  offset: number;
  limit: number;
}

function paging(req: SearchRequest): Result<Paging> {
  const offset = req.offset ?? 0;
  const limit = req.limit ?? DEFAULT_LIMIT;
  if (!Number.isSafeInteger(offset) || offset < 0)
    return fail('invalid_input', `offset must be a whole number ≥ 0 (got ${String(offset)})`);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return fail('invalid_input', `limit must be a whole number from 1 to ${MAX_LIMIT} (got ${String(limit)})`);
  }
  return ok({ offset, limit });
}

/** The vector a query is searched with; `excludedFrom` is the one concept an exclusion query (`a -b`) narrows. */
interface QueryVector {
  vector: Float32Array;
  plain: boolean;
  excludedFrom: Float32Array | null;
}

/** Creates the search service over `deps`. */
export function createSearchService(deps: SearchDeps): SearchService {
  const { db } = deps;

  function listInOrder(filter: FilterSql | null, page: Paging, order: PhotoOrder): SearchPage {
    const where = filter ? `WHERE ${filter.where}` : '';
    const args = filter?.args ?? [];
    const total = (db.prepare(`SELECT COUNT(*) AS n FROM photos p ${where}`).get(...args) as { n: number }).n;
    const ids = (
      db
        .prepare(`SELECT p.id FROM photos p ${where} ORDER BY ${orderBySql(order)} LIMIT ? OFFSET ?`)
        .all(...args, page.limit, page.offset) as {
        id: number;
      }[]
    ).map((r) => r.id);
    const hits = photoSummaries(db, ids).map((photo): SearchHit => ({ photo, score: 0, probability: null, strong: true }));
    return {
      hits,
      strongCount: total,
      weakCount: 0,
      total,
      offset: page.offset,
      cutoff: { kind: 'none', value: 0 },
      modelId: deps.modelId(),
    };
  }

  /** The vector of `query` (already parsed), or of the similar-to photo when there is no query. */
  async function queryVector(req: SearchRequest, query: ParsedQuery | null, modelId: string): Promise<Result<QueryVector>> {
    if (query === null) {
      const id = req.similarTo!;
      if (!Number.isSafeInteger(id)) return fail('invalid_input', `similarTo must be a photo id (got ${String(id)})`);
      if (!db.prepare('SELECT 1 FROM photos WHERE id = ?').get(id)) return fail('not_found', `No photo with id ${id}`);
      const vector = getEmbedding(db, id, modelId);
      if (!vector) return fail('not_found', `Photo ${id} has not been indexed with the current model yet: try again once indexing is done`);
      return ok({ vector, plain: false, excludedFrom: null });
    }
    const { positives, negatives } = query;
    const vectors = await deps.embedText([...positives, ...negatives]);
    const vector = combineConcepts(vectors.slice(0, positives.length), vectors.slice(positives.length));
    const single = positives.length === 1;
    return ok({ vector, plain: single && negatives.length === 0, excludedFrom: single && negatives.length > 0 ? vectors[0]! : null });
  }

  function inOrder(hits: VectorHit[], order: PhotoOrder): VectorHit[] {
    const rows = db
      .prepare(`SELECT p.id FROM photos p WHERE p.id IN (SELECT value FROM json_each(?)) ORDER BY ${orderBySql(order)}`)
      .all(JSON.stringify(hits.map((h) => h.photoId))) as { id: number }[];
    const byId = new Map(hits.map((h) => [h.photoId, h]));
    return rows.map((r) => byId.get(r.id)!);
  }

  return {
    async search(req) {
      if (req === null || typeof req !== 'object') return fail('invalid_input', 'A search needs a request object');
      const page = paging(req);
      if (!page.ok) return page;
      if (req.query !== undefined && typeof req.query !== 'string') return fail('invalid_input', 'The query must be text');
      const text = req.query !== undefined && req.query.trim() !== '' ? req.query : null;
      const tooLong = req.query === undefined ? null : queryTooLong(req.query);
      if (tooLong) return fail('invalid_input', tooLong);
      if (text !== null && req.similarTo !== undefined) return fail('invalid_input', 'Search by text or by a similar photo, not both');
      if (req.sort !== undefined && req.sort !== 'relevance' && !PHOTO_ORDERS.some((o) => o === req.sort)) {
        return fail('invalid_input', `sort must be "relevance" or one of ${PHOTO_ORDERS.join(', ')} (got ${String(req.sort)})`);
      }
      const order = req.sort === undefined || req.sort === 'relevance' ? null : req.sort;
      const filter = buildFilterSql(db, req.filters);
      if (!filter.ok) return filter;
      if (text === null && req.similarTo === undefined) return ok(listInOrder(filter.value, page.value, order ?? 'date'));
      // A query that cannot be searched says why whether or not a model is ready (it would not help to install one).
      const parsed = text === null ? null : parseQuery(text);
      if (parsed && !parsed.ok) return fail('invalid_input', parsed.message);

      const modelId = deps.modelId();
      const index = deps.getIndex();
      if (!modelId || !index)
        return fail('no_model', 'No model is ready for search yet: choose or download one under Models, then let indexing run');
      // The index may be swapped for the next model's while the query is embedded: hold this one until done.
      const unhold = index.hold();
      try {
        const q = await queryVector(req, parsed?.query ?? null, modelId);
        if (!q.ok) return q;
        const sensitivity = clampSensitivity(req.sensitivity);
        const allowed = filter.value
          ? new Set(
              (db.prepare(`SELECT p.id FROM photos p WHERE ${filter.value.where}`).all(...filter.value.args) as { id: number }[]).map(
                (r) => r.id,
              ),
            )
          : null;
        const exclude = text === null ? req.similarTo : undefined;
        const candidate = (id: number): boolean => id !== exclude && (allowed === null || allowed.has(id));
        const { offset, limit } = page.value;
        const ranked = Math.max(offset + limit, order ? ORDERED_RANKED : MIN_RANKED);
        // No filter at all when nothing is filtered: a predicate would be asked about every photo before each scan.
        const filterOf = allowed === null ? undefined : candidate;
        const res = await index.search(q.value.vector, { k: ranked, filter: filterOf, exclude });
        const top = res.hits[0];
        const calibration = deps.getCalibration();
        const cutoff: Cutoff = !top
          ? { kind: 'none', value: 0, minScore: -Infinity }
          : q.value.plain && calibration
            ? probabilityCutoff(calibration, sensitivity)
            : relativeCutoff(top.score, res.sample, sensitivity);
        const narrowed =
          calibration && q.value.excludedFrom && res.hits.length > 0
            ? await conceptGate(index, q.value.excludedFrom, res.hits, probabilityCutoff(calibration, sensitivity).minScore)
            : null;
        const isStrong = (h: VectorHit): boolean => h.score >= cutoff.minScore && (narrowed?.passes(h.photoId) ?? true);
        const strongHits = res.hits.filter(isStrong);
        const strongCount =
          strongHits.length === res.hits.length && res.candidates > res.hits.length
            ? Math.max(
                strongHits.length,
                Math.min(
                  await index.countAtLeast(q.value.vector, cutoff.minScore, candidate),
                  narrowed ? await index.countAtLeast(narrowed.concept, narrowed.minScore, candidate) : Infinity,
                ),
              )
            : strongHits.length;
        const visible = req.includeWeak ? res.hits : strongHits;
        const ordered = order ? inOrder(visible, order) : visible;
        const slice = ordered.slice(offset, offset + limit);
        const photos = new Map(
          photoSummaries(
            db,
            slice.map((h) => h.photoId),
          ).map((p) => [p.id, p]),
        );
        const hits = slice.flatMap((h): SearchHit[] => {
          const photo = photos.get(h.photoId);
          if (!photo) return [];
          const probability = cutoff.kind === 'probability' && calibration ? matchProbability(h.score, calibration) : null;
          return [{ photo, score: h.score, probability, strong: isStrong(h) }];
        });
        return ok({
          hits,
          strongCount,
          weakCount: res.candidates - strongCount,
          total: res.candidates,
          offset,
          cutoff: { kind: cutoff.kind, value: cutoff.value },
          modelId,
        });
      } finally {
        unhold();
      }
    },
  };
}

/**
 * [Note: Exclusions never add strong matches]
 * `a -b` is ranked by a combined vector whose scores are not probabilities, so its cut-off is relative; on a calibrated
 * model `a` alone uses the probability cut-off, and the two could disagree (more strong hits after an exclusion). A hit
 * of `a -b` is therefore strong only if it also passes `a`'s own probability cut-off: the strong set of `a -b` is
 * always within the strong set of `a`. `a`'s scores of the ranked hits take one more scan restricted to those hits.
 */
async function conceptGate(
  index: VectorIndex,
  concept: Float32Array,
  hits: readonly VectorHit[],
  minScore: number,
): Promise<{ concept: Float32Array; minScore: number; passes(id: number): boolean }> {
  const ids = new Set(hits.map((h) => h.photoId));
  const scored = await index.search(concept, { k: ids.size, filter: (id) => ids.has(id) });
  const passing = new Set(scored.hits.filter((h) => h.score >= minScore).map((h) => h.photoId));
  return { concept, minScore, passes: (id) => passing.has(id) };
}
