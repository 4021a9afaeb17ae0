/** In-memory vector index of one model's photo embeddings: int8 scan for candidates, exact fp32 re-rank from SQLite. */
import type { Db } from '../catalog/db.js';
import { Int8Matrix, quantizeInto } from './int8-matrix.js';
import { TopK } from './top-k.js';

/** Which photos a search may return: a set of allowed ids, or a predicate on the id. */
export type CandidateFilter = ReadonlySet<number> | ((photoId: number) => boolean);

/** Returns the exact vectors of the given photos (missing ones are left out). */
export type ExactVectorSource = (photoIds: readonly number[]) => Map<number, Float32Array>;

/** One scored photo. */
export interface VectorHit {
  photoId: number;
  score: number;
}

/** Options of {@link VectorIndex.search}. */
export interface VectorSearchOptions {
  /** How many hits to return. */
  k: number;
  filter?: CandidateFilter;
  /** A photo never to return (find-similar excludes the photo itself). */
  exclude?: number;
  /** How many int8 candidates to re-rank exactly beyond `k` (default max(200, k/4)). */
  oversample?: number;
}

/** Hits best first (exact cosines where the source had the vector), how many photos passed, and a score sample. */
export interface VectorSearchResult {
  hits: VectorHit[];
  candidates: number;
  /** Approximate (int8) scores of an even sample of at most ~8k candidates: the background for cut-offs. */
  sample: Float32Array;
}

const SAMPLE_MAX = 8192;

/** Cosine top-k over int8 rows with an exact re-rank; see [Note: Int8 vector index] in int8-matrix.ts. */
export class VectorIndex {
  private matrix: Int8Matrix | null;

  /** `dim` 0 means "take the dimension of the first vector upserted". */
  constructor(
    dim: number,
    private readonly exact: ExactVectorSource | null = null,
    capacity = 1024,
  ) {
    this.matrix = dim > 0 ? new Int8Matrix(dim, capacity) : null;
  }

  /**
   * Loads every present photo's vector of `modelId`, streaming rows (never the whole fp32 matrix at once), and
   * re-ranks from the same catalog.
   */
  static fromCatalog(db: Db, modelId: string): VectorIndex {
    const count = db
      .prepare(`SELECT COUNT(*) AS n FROM embeddings WHERE model_id = ? AND status = 'done' AND vector IS NOT NULL`)
      .get(modelId) as { n: number };
    const index = new VectorIndex(0, catalogVectorSource(db, modelId), Math.max(1024, count.n));
    const rows = db
      .prepare(
        `SELECT e.photo_id AS photoId, e.vector AS vector FROM embeddings e JOIN photos p ON p.id = e.photo_id
         WHERE e.model_id = ? AND e.status = 'done' AND e.vector IS NOT NULL AND p.presence = 'present'
         ORDER BY e.photo_id`,
      )
      .iterate(modelId) as Iterable<{ photoId: number; vector: Buffer }>;
    for (const row of rows) {
      const vec = blobToVector(row.vector);
      if (index.dim === 0 || vec.length === index.dim) index.upsert(row.photoId, vec);
    }
    return index;
  }

  /** Vector length (0 while empty and not yet known). */
  get dim(): number {
    return this.matrix?.dim ?? 0;
  }

  /** Number of photos in the index. */
  get size(): number {
    return this.matrix?.size ?? 0;
  }

  /** Whether a photo is in the index. */
  has(photoId: number): boolean {
    return this.matrix?.has(photoId) ?? false;
  }

  /**
   * Adds or replaces a photo's vector, stored as its unit direction. Call it AFTER the vector is saved to the
   * catalog: the exact re-rank reads the catalog's copy.
   */
  upsert(photoId: number, vector: Float32Array): void {
    this.matrix ??= new Int8Matrix(vector.length);
    const n = norm(vector);
    this.matrix.set(photoId, n > 0 ? vector.map((x) => x / n) : vector);
  }

  /** Drops a photo (removed or missing). Returns whether it was there. */
  remove(photoId: number): boolean {
    return this.matrix?.delete(photoId) ?? false;
  }

  /** RAM per photo in the scan matrix: codes + scale + id (the id→row Map adds roughly 40 bytes more). */
  bytesPerPhoto(): number {
    return this.dim + 4 + 4;
  }

  /** Top `k` photos by cosine to `query` among those the filter allows. */
  search(query: Float32Array, opts: VectorSearchOptions): VectorSearchResult {
    const m = this.matrix;
    if (!m || m.size === 0 || opts.k <= 0) return { hits: [], candidates: m ? countPassing(m, opts) : 0, sample: new Float32Array(0) };
    if (query.length !== m.dim) throw new Error(`query of length ${query.length} for an index of dimension ${m.dim}`);
    const wanted = opts.k + (opts.oversample ?? Math.max(200, Math.ceil(opts.k / 4)));
    const scores = new Float32Array(m.size);
    const candidates = scan(m, query, opts, scores);
    const top = new TopK(wanted);
    const sampler = new Sampler();
    for (let r = 0; r < scores.length; r++) {
      const score = scores[r]!;
      if (score === -Infinity) continue;
      sampler.add(score);
      if (score > top.floor) top.push(score, r);
    }
    const approx = top.sorted().map((e) => ({ photoId: m.ids[e.slot]!, score: e.score }));
    return { hits: this.rerank(query, approx).slice(0, opts.k), candidates, sample: sampler.values() };
  }

  /** How many allowed photos score at least `threshold` by the int8 approximation. */
  countAtLeast(query: Float32Array, threshold: number, filter?: CandidateFilter): number {
    const m = this.matrix;
    if (!m || m.size === 0) return 0;
    const scores = new Float32Array(m.size);
    scan(m, query, { filter }, scores);
    let n = 0;
    for (let r = 0; r < scores.length; r++) if (scores[r]! >= threshold) n++;
    return n;
  }

  private rerank(query: Float32Array, approx: VectorHit[]): VectorHit[] {
    if (!this.exact || approx.length === 0) return approx;
    const exact = this.exact(approx.map((h) => h.photoId));
    const qn = norm(query);
    return approx
      .map((h) => {
        const v = exact.get(h.photoId);
        return v && v.length === query.length ? { photoId: h.photoId, score: dot(query, v) / (qn * norm(v) || 1) } : h;
      })
      .sort((a, b) => b.score - a.score || a.photoId - b.photoId);
  }
}

/** Reads exact fp32 vectors of one model from the catalog, all in one query. */
export function catalogVectorSource(db: Db, modelId: string): ExactVectorSource {
  const stmt = db.prepare(
    `SELECT photo_id AS photoId, vector FROM embeddings
     WHERE model_id = ? AND status = 'done' AND photo_id IN (SELECT value FROM json_each(?))`,
  );
  return (ids) => {
    const out = new Map<number, Float32Array>();
    for (const row of stmt.all(modelId, JSON.stringify(ids)) as { photoId: number; vector: Buffer | null }[]) {
      if (row.vector) out.set(row.photoId, blobToVector(row.vector));
    }
    return out;
  };
}

/** The float32 vector stored in an embeddings blob (copied, so alignment never matters). */
export function blobToVector(blob: Buffer): Float32Array {
  return new Float32Array(new Uint8Array(blob).buffer, 0, Math.floor(blob.byteLength / 4));
}

/**
 * Writes each row's approximate cosine (an int32 dot product of int8 codes) into `out`, -Infinity for rows the
 * filter excludes; returns how many rows were allowed.
 */
function scan(m: Int8Matrix, query: Float32Array, opts: Pick<VectorSearchOptions, 'filter' | 'exclude'>, out: Float32Array): number {
  const dim = m.dim;
  const q = new Int32Array(dim);
  const qScale = quantizeInto(query, q, 0) / (norm(query) || 1);
  const { codes, scales, ids } = m;
  const allow = toPredicate(opts.filter);
  let passed = 0;
  for (let r = 0, n = m.size; r < n; r++) {
    const id = ids[r]!;
    if (id === opts.exclude || (allow && !allow(id))) {
      out[r] = -Infinity;
      continue;
    }
    passed++;
    const base = r * dim;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let j = 0;
    for (; j + 3 < dim; j += 4) {
      a0 += q[j]! * codes[base + j]!;
      a1 += q[j + 1]! * codes[base + j + 1]!;
      a2 += q[j + 2]! * codes[base + j + 2]!;
      a3 += q[j + 3]! * codes[base + j + 3]!;
    }
    for (; j < dim; j++) a0 += q[j]! * codes[base + j]!;
    out[r] = (a0 + a1 + a2 + a3) * qScale * scales[r]!;
  }
  return passed;
}

function countPassing(m: Int8Matrix, opts: Pick<VectorSearchOptions, 'filter' | 'exclude'>): number {
  const allow = toPredicate(opts.filter);
  let n = 0;
  for (let r = 0; r < m.size; r++) {
    const id = m.ids[r]!;
    if (id !== opts.exclude && (!allow || allow(id))) n++;
  }
  return n;
}

function toPredicate(filter: CandidateFilter | undefined): ((id: number) => boolean) | null {
  if (!filter) return null;
  if (typeof filter === 'function') return filter;
  return (id) => filter.has(id);
}

/** An even sample of a stream of unknown length: keeps every `stride`-th value, doubling the stride when full. */
class Sampler {
  private readonly buf = new Float32Array(SAMPLE_MAX);
  private n = 0;
  private stride = 1;
  private seen = 0;

  add(v: number): void {
    if (this.seen++ % this.stride !== 0) return;
    if (this.n === SAMPLE_MAX) {
      for (let i = 0; i < SAMPLE_MAX / 2; i++) this.buf[i] = this.buf[2 * i]!;
      this.n = SAMPLE_MAX / 2;
      this.stride *= 2;
      if ((this.seen - 1) % this.stride !== 0) return;
    }
    this.buf[this.n++] = v;
  }

  values(): Float32Array {
    return this.buf.slice(0, this.n);
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}
