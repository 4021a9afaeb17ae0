/** In-memory vector index of one model's photo embeddings: int8 scan for candidates, exact fp32 re-rank from SQLite. */
import type { Db } from '../catalog/db.js';
import { countFromScan, scanMatrix, type CandidateFilter, type ScanResult } from './index-scan.js';
import { Int8Matrix } from './int8-matrix.js';
import { sharedScanKernel } from './scan-ort.js';

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

/** How an index scans: 'auto' uses onnxruntime (JS if it cannot load), 'js' forces the plain-JS kernel. */
export interface VectorIndexOptions {
  kernel?: 'auto' | 'js';
  /** Intra-op threads of the onnxruntime kernel (default min(2, cores)). */
  threads?: number;
  /** Rows per matrix block (default BLOCK_ROWS; tests use small blocks to freeze some). */
  blockRows?: number;
}

/** Rows read from the catalog and quantised together while loading. */
const LOAD_BATCH = 1024;

/** The scores of the latest unfiltered-or-filtered search, reused by a following {@link VectorIndex.countAtLeast}. */
interface LastScan {
  query: Float32Array;
  filter: CandidateFilter | undefined;
  scan: ScanResult;
}

/**
 * Cosine top-k over int8 rows with an exact re-rank; see [Note: Int8 vector index] in int8-matrix.ts. Scans run
 * on onnxruntime (MatMulInteger + TopK per block, see scan-graph.ts) and are async; [Note: Few-rows filter path]
 * in index-scan.ts says when plain JS scores the rows instead.
 */
export class VectorIndex {
  private matrix: Int8Matrix | null;
  private last: LastScan | null = null;
  private freezing: Promise<void> | null = null;
  /** Scans under way: releasing waits for them, since they may be running on a frozen block's session. */
  private readonly scans = new Set<Promise<ScanResult>>();
  /** Why blocks stay in JS, once freezing failed (they are still scanned, only slower). */
  private freezeFailure: string | null = null;

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
   * Loads every present photo's vector of `modelId`, streaming rows (never the whole fp32 matrix at once), and
   * re-ranks from the same catalog.
   */
  static fromCatalog(db: Db, modelId: string, options: VectorIndexOptions = {}): VectorIndex {
    const count = db
      .prepare(`SELECT COUNT(*) AS n FROM embeddings WHERE model_id = ? AND status = 'done' AND vector IS NOT NULL`)
      .get(modelId) as { n: number };
    const index = new VectorIndex(0, catalogVectorSource(db, modelId), Math.max(1024, count.n), options);
    const rows = db
      .prepare(
        `SELECT e.photo_id AS photoId, e.vector AS vector FROM embeddings e JOIN photos p ON p.id = e.photo_id
         WHERE e.model_id = ? AND e.status = 'done' AND e.vector IS NOT NULL AND p.presence = 'present'
         ORDER BY e.photo_id`,
      )
      .iterate(modelId) as Iterable<{ photoId: number; vector: Buffer }>;
    let ids: number[] = [];
    let vectors: Float32Array[] = [];
    const flush = (): void => {
      if (ids.length > 0) index.matrix!.appendMany(ids, vectors);
      ids = [];
      vectors = [];
    };
    for (const row of rows) {
      const vec = blobToVector(row.vector);
      index.matrix ??= index.newMatrix(vec.length);
      if (vec.length !== index.dim) continue;
      ids.push(row.photoId);
      vectors.push(vec);
      if (ids.length === LOAD_BATCH) flush();
    }
    flush();
    index.freezeFullBlocks();
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
    this.matrix ??= this.newMatrix(vector.length);
    this.matrix.set(photoId, vector);
    this.freezeFullBlocks();
  }

  /** Drops a photo (removed or missing). Returns whether it was there. */
  remove(photoId: number): boolean {
    return this.matrix?.delete(photoId) ?? false;
  }

  /** RAM per photo in the scan matrix: codes (in JS or in a frozen block's session) + scale + bias + id (the id→row Map adds roughly 40 bytes more). */
  bytesPerPhoto(): number {
    return this.dim + 4 + 4 + 4;
  }

  /** Which kernel scans run on ('js' with the reason when onnxruntime is unavailable or not wanted). */
  async kernel(): Promise<{ kind: 'onnxruntime' | 'js'; reason?: string; frozenBlocks: number; freezeFailure?: string }> {
    const choice = await this.kernelChoice();
    const frozenBlocks = this.matrix?.blocks.filter((b) => b.frozen).length ?? 0;
    const failure = this.freezeFailure ? { freezeFailure: this.freezeFailure } : {};
    return choice.kind === 'js' ? { kind: 'js', reason: choice.reason, frozenBlocks, ...failure } : { kind: 'onnxruntime', frozenBlocks, ...failure };
  }

  /** Resolves once every full block is frozen, or freezing gave up (tests and benchmarks wait for it). */
  async settled(): Promise<void> {
    while (this.freezing) await this.freezing;
  }

  /** Frees the kernel memory of frozen blocks; call it when dropping the index (after which it must not be used). */
  async release(): Promise<void> {
    const m = this.matrix;
    this.matrix = null;
    this.last = null;
    await this.settled();
    await Promise.allSettled([...this.scans]);
    await m?.release();
  }

  /** Top `k` photos by cosine to `query` among those the filter allows. */
  async search(query: Float32Array, opts: VectorSearchOptions): Promise<VectorSearchResult> {
    const m = this.matrix;
    if (!m || m.size === 0 || opts.k <= 0) {
      return { hits: [], candidates: m && m.size > 0 ? (await this.scan(query, opts, 1)).candidates : 0, sample: new Float32Array(0) };
    }
    const wanted = opts.k + (opts.oversample ?? Math.max(200, Math.ceil(opts.k / 4)));
    const scan = await this.scan(query, opts, wanted);
    this.last = opts.exclude === undefined && scan.consistent ? { query: query.slice(), filter: opts.filter, scan } : null;
    const present = scan.top.filter((h) => m.has(h.photoId));
    return { hits: this.rerank(query, present).slice(0, opts.k), candidates: scan.candidates, sample: scan.sample };
  }

  /**
   * How many allowed photos score at least `threshold` by the int8 approximation. Right after a search with the
   * same query and the same filter object (and no change to the index) it reuses that search's scores.
   */
  async countAtLeast(query: Float32Array, threshold: number, filter?: CandidateFilter): Promise<number> {
    const m = this.matrix;
    if (!m || m.size === 0) return 0;
    const last = this.last;
    const reuse = last && last.filter === filter && last.scan.version === m.version && sameVector(last.query, query);
    return countFromScan(reuse ? last.scan : await this.scan(query, { filter }, 1), threshold);
  }

  private async scan(query: Float32Array, opts: Pick<VectorSearchOptions, 'filter' | 'exclude'>, wanted: number): Promise<ScanResult> {
    const m = this.matrix!;
    if (query.length !== m.dim) throw new Error(`query of length ${query.length} for an index of dimension ${m.dim}`);
    const scan = this.kernelChoice().then((choice) => scanMatrix(m, query, opts, wanted, choice.kind === 'onnxruntime' ? choice.kernel : null));
    this.scans.add(scan);
    try {
      return await scan;
    } finally {
      this.scans.delete(scan);
    }
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
    if (this.freezing || this.freezeFailure || !m || this.options.kernel === 'js' || m.nextToFreeze() < 0) return;
    this.freezing = (async () => {
      const choice = await this.kernelChoice();
      const b = m.nextToFreeze();
      if (choice.kind === 'js' || b < 0 || this.matrix !== m) return;
      const block = m.blocks[b]!;
      const edition = block.edition;
      const frozen = await choice.kernel.freeze(block);
      if (this.matrix !== m || !m.adoptFrozen(block, edition, frozen)) await frozen.release();
    })()
      .catch((err: unknown) => {
        this.freezeFailure = `blocks stay in JS: freezing failed (${err instanceof Error ? err.message : String(err)})`;
      })
      .finally(() => {
        this.freezing = null;
        if (this.matrix === m) this.freezeFullBlocks();
      });
  }

  private kernelChoice(): ReturnType<typeof sharedScanKernel> {
    if (this.options.kernel === 'js') return Promise.resolve({ kind: 'js', reason: 'the plain-JS kernel was asked for' });
    if (this.dim === 0) return Promise.resolve({ kind: 'js', reason: 'the index is empty, so its dimension is not known yet' });
    return sharedScanKernel(this.dim, this.options.threads);
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

/** The float32 vector stored in an embeddings blob (copied, so alignment never matters). */
export function blobToVector(blob: Buffer): Float32Array {
  return new Float32Array(new Uint8Array(blob).buffer, 0, Math.floor(blob.byteLength / 4));
}

function sameVector(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}
