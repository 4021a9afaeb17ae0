/** In-memory vector index of one model's photo embeddings: int8 scan for candidates, exact fp32 re-rank from SQLite. */
import { dot, norm } from '../ml/scores.js';
import type { Db } from '../catalog/db.js';
import { countMatrix, scanMatrix, type CandidateFilter, type ScanResult } from './index-scan.js';
import { freeNow } from './free-now.js';
import { Int8Matrix } from './int8-matrix.js';
import { paddedDim } from './sketch-block.js';
import type { ScanKernelChoice } from './scan-ort.js';

export type { CandidateFilter } from './index-scan.js';

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
  /** How many int8 candidates to re-rank exactly beyond `k` (default max(RERANK_EXTRA, k/4)). */
  oversample?: number;
}

/** Hits best first (exact cosines where the source had the vector), how many photos passed, and a score sample. */
export interface VectorSearchResult {
  hits: VectorHit[];
  candidates: number;
  /** Approximate (int8) scores of an even sample of at most ~8k candidates: the background for cut-offs. */
  sample: Float32Array;
}

/** How an index scans: 'auto' uses onnxruntime (JS if it cannot load), 'js' forces the plain-JS kernel. */
export interface VectorIndexOptions {
  kernel?: 'auto' | 'js';
  /** Intra-op threads of the onnxruntime kernel (default min(2, cores)). */
  threads?: number;
  /** Rows per matrix block (default BLOCK_ROWS; tests use small blocks to freeze some). */
  blockRows?: number;
}

/**
 * Int8 candidates re-ranked exactly beyond the `k` asked for. An int8 cosine is within ~0.001 of the exact one, so the
 * exact top-k sits high in the int8 order: at 1M photos of the search bench, recall@20 was the same (0.9975, the
 * misses being the sketch shortlist's) with 20, 50, 100 and 200 extra rows, while reading them from SQLite cost 0.6,
 * 0.9, 1.9 and 3.4 ms (2026-12-04).
 */
export const RERANK_EXTRA = 60;

/** Rows read from the catalog and quantised per page while loading (~10 ms of work between event-loop turns). */
const LOAD_BATCH = 1024;

/** One page of the index load: the model's next LOAD_BATCH present vectors after a photo id (see [Note: Index loading]). */
export const LOAD_PAGE_SQL = `SELECT e.photo_id AS photoId, e.vector AS vector FROM embeddings e CROSS JOIN photos p ON p.id = e.photo_id
  WHERE +e.model_id = ? AND +e.status = 'done' AND e.vector IS NOT NULL AND p.presence = 'present' AND e.photo_id > ?
  ORDER BY e.photo_id LIMIT ${LOAD_BATCH}`;

/**
 * Cosine top-k over int8 rows with an exact re-rank; see [Note: Int8 vector index] in int8-matrix.ts. Scans are
 * async: frozen blocks in the scan threads (a sketch pass, then int8 scores of a shortlist: [Note: Sketch shortlist]
 * in sketch-scan.ts), the live block on onnxruntime (scan-graph.ts); [Note: Few-rows filter path] in index-scan.ts
 * says when plain JS scores the rows instead.
 */
export class VectorIndex {
  private matrix: Int8Matrix | null;
  private freezing: Promise<void> | null = null;
  /** Searches and counts under way: releasing waits for them, since they may be running on a frozen block's session. */
  private readonly busy = new Set<Promise<unknown>>();
  /** Why blocks stay in JS, once freezing failed (they are still scanned, only slower). */
  private freezeFailure: string | null = null;
  /** Settles when the catalog load is over (at once for an index not loaded from a catalog). */
  loaded: Promise<void> = Promise.resolve();
  private loadFailure: string | null = null;
  private released = false;
  /** While the catalog loads, blocks wait to be frozen (see [Note: Index loading]). */
  private loading = false;
  /** Callers that took the index and will search it soon ({@link VectorIndex.hold}); releasing waits for them. */
  private holds = 0;
  /** Every release waiting for the holds to end (several may be waiting at once). */
  private readonly unheld: (() => void)[] = [];

  /** `dim` 0 means "take the dimension of the first vector upserted". */
  constructor(
    dim: number,
    private readonly exact: ExactVectorSource | null = null,
    private readonly capacity = 1024,
    private readonly options: VectorIndexOptions = {},
  ) {
    this.matrix = dim > 0 ? this.newMatrix(dim) : null;
  }

  /**
   * An index of every present photo's vector of `modelId`, re-ranked from the same catalog. It returns at once and
   * loads in pages in the background (see [Note: Index loading]); searches wait for the load, upserts apply at once.
   */
  static fromCatalog(db: Db, modelId: string, options: VectorIndexOptions = {}): VectorIndex {
    const count = db
      .prepare(`SELECT COUNT(*) AS n FROM embeddings WHERE model_id = ? AND status = 'done' AND vector IS NOT NULL`)
      .get(modelId) as { n: number };
    const index = new VectorIndex(0, catalogVectorSource(db, modelId), Math.max(1024, count.n), options);
    index.loading = true;
    index.loaded = index
      .loadPages(db, modelId)
      .catch((err: unknown) => {
        index.loadFailure = `The search index could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
      })
      .finally(() => {
        index.loading = false;
        index.freezeFullBlocks();
      });
    return index;
  }

  /**
   * [Note: Index loading]
   * Reading 1M vectors (3 GB of blobs) and quantising them takes tens of seconds; done in one go it would stall the
   * API's event loop (thumbnails, the UI, everything) for all that time. So the catalog is read in pages of
   * LOAD_BATCH rows by key (`photo_id > last`; the `+` keeps SQLite on the primary key instead of sorting the model's
   * whole index per page, and CROSS JOIN keeps embeddings the outer loop: given the choice, SQLite walked every present
   * photo through an index of photos and sorted them, per page — hours at 1M), yielding to the event loop between pages. A photo upserted meanwhile is newer than the
   * catalog page that would carry it, so pages skip photos already present. Blocks are frozen only once the load is
   * over: freezing alongside it (onnxruntime prepacking on both cores) made a 1M load take 40 s instead of 23 s,
   * with event-loop stalls of up to 0.6 s instead of 0.05 s.
   */
  private async loadPages(db: Db, modelId: string): Promise<void> {
    const page = db.prepare(LOAD_PAGE_SQL);
    let after = Number.MIN_SAFE_INTEGER;
    while (!this.released) {
      const rows = page.all(modelId, after) as { photoId: number; vector: Buffer }[];
      if (rows.length === 0) break;
      after = rows.at(-1)!.photoId;
      const ids: number[] = [];
      const vectors: Float32Array[] = [];
      for (const row of rows) {
        const vec = blobToVector(row.vector);
        this.matrix ??= this.newMatrix(vec.length);
        if (vec.length !== this.dim || this.matrix.has(row.photoId)) continue;
        ids.push(row.photoId);
        vectors.push(vec);
      }
      if (ids.length > 0) this.matrix!.appendMany(ids, vectors);
      // Each blob has a buffer of its own: freed now, ~64 MB of them would pile up in the heap before a collection.
      for (const row of rows) freeNow(row.vector);
      await new Promise((resolve) => setImmediate(resolve));
    }
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
    this.matrix ??= this.newMatrix(vector.length);
    this.matrix.set(photoId, vector);
    this.freezeFullBlocks();
  }

  /** Drops a photo (removed or missing). Returns whether it was there. */
  remove(photoId: number): boolean {
    return this.matrix?.delete(photoId) ?? false;
  }

  /**
   * RAM per photo once its block is frozen: codes (padded to 16) + their sketch (1 bit per dimension) + its sketch
   * score slot and scale, in the scan thread; bias on both sides; id (the id→row table adds 4–6 bytes while ids are
   * dense).
   */
  bytesPerPhoto(): number {
    const pdim = paddedDim(this.dim);
    return pdim + pdim / 8 + 2 + 4 + 2 * 4 + 4;
  }

  /** Which kernel scans run on ('js' with the reason when onnxruntime is unavailable or not wanted). */
  async kernel(): Promise<{ kind: 'onnxruntime' | 'js'; reason?: string; frozenBlocks: number; freezeFailure?: string }> {
    const choice = await this.kernelChoice();
    const frozenBlocks = this.matrix?.blocks.filter((b) => b.frozen).length ?? 0;
    const failure = this.freezeFailure ? { freezeFailure: this.freezeFailure } : {};
    return choice.kind === 'js'
      ? { kind: 'js', reason: choice.reason, frozenBlocks, ...failure }
      : { kind: 'onnxruntime', frozenBlocks, ...failure };
  }

  /** Resolves once loading is over and every full block is frozen, or freezing gave up (tests and benchmarks wait for it). */
  async settled(): Promise<void> {
    await this.loaded;
    while (this.freezing) await this.freezing;
  }

  /** Frees the kernel memory of frozen blocks; call it when dropping the index (after which it must not be used). */
  async release(): Promise<void> {
    this.released = true;
    if (this.holds > 0) await new Promise<void>((resolve) => this.unheld.push(resolve));
    await Promise.allSettled([...this.busy]);
    await this.settled();
    const m = this.matrix;
    this.matrix = null;
    await m?.release();
  }

  /**
   * Keeps the index usable until the returned function is called, even if it is released meanwhile: for a caller
   * that takes the index, then awaits something (its query's text embedding) before searching it.
   */
  hold(): () => void {
    this.holds++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.holds === 0) for (const resolve of this.unheld.splice(0)) resolve();
    };
  }

  /** Top `k` photos by cosine to `query` among those the filter allows (none once the index is released and not held). */
  search(query: Float32Array, opts: VectorSearchOptions): Promise<VectorSearchResult> {
    return this.track(this.searchNow(query, opts));
  }

  /** How many allowed photos score at least `threshold` by the int8 approximation (a full int8 pass over them). */
  countAtLeast(query: Float32Array, threshold: number, filter?: CandidateFilter): Promise<number> {
    return this.track(this.countNow(query, threshold, filter));
  }

  private async searchNow(query: Float32Array, opts: VectorSearchOptions): Promise<VectorSearchResult> {
    if (this.released && this.holds === 0) return { hits: [], candidates: 0, sample: new Float32Array(0) };
    await this.whenLoaded();
    const m = this.matrix;
    if (!m || m.size === 0 || opts.k <= 0) {
      return { hits: [], candidates: m && m.size > 0 ? (await this.scan(query, opts, 1)).candidates : 0, sample: new Float32Array(0) };
    }
    const wanted = opts.k + (opts.oversample ?? Math.max(RERANK_EXTRA, Math.ceil(opts.k / 4)));
    const scan = await this.scan(query, opts, wanted);
    const present = scan.top.filter((h) => m.has(h.photoId));
    return { hits: this.rerank(query, present).slice(0, opts.k), candidates: scan.candidates, sample: scan.sample };
  }

  private async countNow(query: Float32Array, threshold: number, filter?: CandidateFilter): Promise<number> {
    if (this.released && this.holds === 0) return 0;
    await this.whenLoaded();
    const m = this.matrix;
    if (!m || m.size === 0) return 0;
    if (query.length !== m.dim) throw new Error(`query of length ${query.length} for an index of dimension ${m.dim}`);
    const choice = await this.kernelChoice();
    return countMatrix(m, query, { filter }, threshold, choice.kind === 'onnxruntime' ? choice.kernel : null);
  }

  private async scan(query: Float32Array, opts: Pick<VectorSearchOptions, 'filter' | 'exclude'>, wanted: number): Promise<ScanResult> {
    const m = this.matrix!;
    if (query.length !== m.dim) throw new Error(`query of length ${query.length} for an index of dimension ${m.dim}`);
    const choice = await this.kernelChoice();
    return scanMatrix(m, query, opts, wanted, choice.kind === 'onnxruntime' ? choice.kernel : null);
  }

  /** Registers work that may use the kernel's sessions until it settles. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.busy.add(work);
    void work.then(
      () => this.busy.delete(work),
      () => this.busy.delete(work),
    );
    return work;
  }

  /** Waits for the catalog load; a failed load is an error for every search (a partial index would silently miss photos). */
  private async whenLoaded(): Promise<void> {
    await this.loaded;
    if (this.loadFailure) throw new Error(this.loadFailure);
  }

  private newMatrix(dim: number): Int8Matrix {
    return new Int8Matrix(dim, this.capacity, this.options.blockRows);
  }

  /**
   * Hands full blocks to the onnxruntime kernel one at a time, in the background (see [Note: Frozen blocks] in
   * int8-matrix.ts). A block that changed while its session was built is tried again; a failure stops freezing.
   */
  private freezeFullBlocks(): void {
    const m = this.matrix;
    if (this.freezing || this.freezeFailure || this.released || this.loading || !m || this.options.kernel === 'js' || m.nextToFreeze() < 0)
      return;
    this.freezing = (async () => {
      const choice = await this.kernelChoice();
      const b = m.nextToFreeze();
      if (choice.kind === 'js' || b < 0 || this.matrix !== m) return;
      const block = m.blocks[b]!;
      const edition = block.edition;
      const frozen = await choice.kernel.freeze(block);
      const codes = block.codes;
      if (this.matrix !== m || !m.adoptFrozen(block, edition, frozen)) await frozen.release();
      // The JS codes are dropped: freed once the scans under way (a live run may still be reading them) are over.
      else void Promise.allSettled([...this.busy]).then(() => freeNow(codes));
    })()
      .catch((err: unknown) => {
        this.freezeFailure = `blocks stay in JS: freezing failed (${err instanceof Error ? err.message : String(err)})`;
      })
      .finally(() => {
        this.freezing = null;
        if (this.matrix === m) this.freezeFullBlocks();
      });
  }

  private kernelChoice(): Promise<ScanKernelChoice> {
    if (this.options.kernel === 'js') return Promise.resolve({ kind: 'js', reason: 'the plain-JS kernel was asked for' });
    if (this.dim === 0) return Promise.resolve({ kind: 'js', reason: 'the index is empty, so its dimension is not known yet' });
    // onnxruntime and the ONNX graph builder load with the first search, not with core.
    return import('./scan-ort.js').then((m) => m.sharedScanKernel(this.dim, this.options.threads));
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
    // Drive the join from the id list (CROSS JOIN fixes the order): one primary-key lookup per candidate, never a
    // walk over the model's whole embeddings table (the catalog has no ANALYZE statistics to find that plan).
    `SELECT e.photo_id AS photoId, e.vector AS vector FROM json_each(?) j
     CROSS JOIN embeddings e ON e.photo_id = j.value AND e.model_id = ? AND e.status = 'done'`,
  );
  return (ids) => {
    const out = new Map<number, Float32Array>();
    for (const row of stmt.all(JSON.stringify(ids), modelId) as { photoId: number; vector: Buffer | null }[]) {
      if (row.vector) out.set(row.photoId, blobToVector(row.vector));
    }
    return out;
  };
}

/**
 * The float32 vector stored in an embeddings blob: a view when the blob is 4-byte aligned (better-sqlite3 gives each
 * blob its own buffer, so it always is; copying cost 15 µs per row, a third of loading 1M rows), a copy otherwise.
 */
export function blobToVector(blob: Buffer): Float32Array {
  const length = Math.floor(blob.byteLength / 4);
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, length);
  return new Float32Array(new Uint8Array(blob).buffer, 0, length);
}
