/** The scan kernel: a live block through onnxruntime on the calling thread, frozen blocks in the scan thread (sketch + int8). */
import { availableParallelism } from 'node:os';
import ort from 'onnxruntime-node';
import { countColumns, sampleColumns } from './block-scores.js';
import type { FrozenCodes, KernelQuery, MatrixBlock } from './int8-matrix.js';
import { SCAN_INPUTS, scanGraphBytes } from './scan-graph.js';
import { runScan, scanFeeds, scanSessionOptions } from './scan-session.js';
import { ScanThread } from './scan-thread-client.js';
import type { ScanItem } from './scan-thread.js';

/** One block's ranking: its best columns best first (raw scores), and the raw scores of its sampled columns. */
export interface BlockScan {
  topValues: Float32Array;
  topColumns: Int32Array | BigInt64Array;
  sample: Float32Array;
}

/** A frozen block, held by one of the scan threads (see [Note: Frozen blocks] in int8-matrix.ts). */
class FrozenScan implements FrozenCodes {
  /** The block's tombstone count when the thread last got its bias: while unchanged, scans send no bias. */
  sentTombstones: number;

  constructor(
    readonly thread: ScanThread,
    readonly frozenId: number,
    tombstones: number,
    private readonly onRelease: () => void,
  ) {
    this.sentTombstones = tombstones;
  }

  async release(): Promise<void> {
    await this.thread.release(this.frozenId);
    this.onRelease();
  }
}

/**
 * Scores the live block with onnxruntime's MatMulInteger: its typed arrays are wrapped, not copied, so an upsert is
 * just a write into them and the session never needs rebuilding. Full blocks are frozen into the scan thread.
 *
 * [Note: The scan thread]
 * A scan of the frozen blocks is most of a search at 1M photos, and freezing a block takes a while; on the API's
 * thread both froze the event loop (lag p99 989 ms while a 1M library froze its blocks, when each was an onnxruntime
 * session built and run synchronously there). Frozen blocks therefore live in a worker thread of their own
 * (scan-thread.ts), one per core, each holding every other block: freezing hands a copy of the codes (the matrix
 * drops its own once the block is adopted, so RAM holds them once), and scans of frozen blocks are requests to both,
 * ranked by a sketch pass and int8 scores there (see [Note: Sketch shortlist] in sketch-scan.ts). The last, live
 * block is still scanned here: it changes with every upsert and is at most one block.
 */
export class OrtScanKernel {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly dim: number,
    private readonly threads: ScanThread[],
  ) {}

  /** Frozen blocks held per scan thread: a new block goes to the thread holding fewest. */
  private readonly held: number[] = [];

  /**
   * Builds the live session for vectors of `dim` with `threads` intra-op threads, and as many scan threads (both
   * default to min(2, cores)); a scan thread starts on its first freeze.
   */
  static async create(dim: number, threads = Math.min(2, availableParallelism())): Promise<OrtScanKernel> {
    const session = await ort.InferenceSession.create(scanGraphBytes(dim), scanSessionOptions(threads));
    const count = Math.max(1, threads);
    return new OrtScanKernel(
      session,
      dim,
      Array.from({ length: count }, () => new ScanThread({ dim, share: 1 / count })),
    );
  }

  /**
   * Hands a copy of `block`'s current codes to the scan thread holding fewest blocks, which lays them out by row and
   * derives their sketch (~0.3 s per 65k × 768 block there; here only the copy, a slice per turn). The block itself is
   * left as it is: `Int8Matrix.adoptFrozen` decides whether it is still current.
   */
  async freeze(block: MatrixBlock): Promise<FrozenCodes> {
    const codes = await copyYielding(block.codes);
    const tombstones = block.tombstones;
    let t = 0;
    for (let i = 1; i < this.threads.length; i++) if ((this.held[i] ?? 0) < (this.held[t] ?? 0)) t = i;
    const thread = this.threads[t]!;
    this.held[t] = (this.held[t] ?? 0) + 1;
    try {
      const frozenId = await thread.freeze(codes, block.capacity, block.scales, block.bias);
      return new FrozenScan(thread, frozenId, tombstones, () => this.held[t]!--);
    } catch (err) {
      this.held[t]!--;
      throw err;
    }
  }

  /**
   * Ranks one block with `bias` (its length is the block's capacity): its top `k` columns in raw units, and the raw
   * scores of its allowed columns that are multiples of `stride` (the cut-off's sample).
   */
  async scanBlock(query: KernelQuery, block: MatrixBlock, bias: Float32Array, k: number, stride: number): Promise<BlockScan> {
    if (block.frozen instanceof FrozenScan) return block.frozen.thread.scan(this.itemOf(block.frozen, block, bias), query.codes, k, stride);
    const res = await this.runLive(query, block, bias, k);
    return { topValues: res.topValues, topColumns: res.topColumns, sample: sampleColumns(res.scores, stride) };
  }

  /** How many allowed columns of one block score at least `threshold` (raw score × `query.factor`). */
  async countBlock(query: KernelQuery, block: MatrixBlock, bias: Float32Array, threshold: number): Promise<number> {
    if (block.frozen instanceof FrozenScan)
      return block.frozen.thread.count(this.itemOf(block.frozen, block, bias), query.codes, query.factor, threshold);
    return countColumns((await this.runLive(query, block, bias, 1)).scores, query.factor, threshold);
  }

  private runLive(query: KernelQuery, block: MatrixBlock, bias: Float32Array, k: number): ReturnType<typeof runScan> {
    const feeds = scanFeeds(this.dim, query.codes, block.scales, bias, k);
    feeds[SCAN_INPUTS.matrix] = new ort.Tensor('int8', block.codes, [this.dim, block.capacity]);
    return runScan(this.session, feeds);
  }

  /** A frozen block in a request: scales stay in the thread; the bias travels (copied as it is sent) only when filtered or newly tombstoned. */
  private itemOf(frozen: FrozenScan, block: MatrixBlock, bias: Float32Array): ScanItem {
    const base = bias === block.bias;
    if (base && frozen.sentTombstones === block.tombstones) return { frozenId: frozen.frozenId, bias: null, keep: false };
    if (base) frozen.sentTombstones = block.tombstones;
    return { frozenId: frozen.frozenId, bias, keep: base };
  }
}

/** Bytes copied per event-loop turn when copying a block's codes for the thread (~1–2 ms each, page faults included). */
const COPY_SLICE = 4 * 2 ** 20;

/**
 * A copy of `codes`, COPY_SLICE bytes per event-loop turn: a 48 MB block copied at once held the API's thread 50–150 ms
 * (mostly the page faults of the new buffer).
 */
async function copyYielding(codes: Int8Array): Promise<Int8Array> {
  const out = new Int8Array(codes.length);
  for (let from = 0; from < codes.length; from += COPY_SLICE) {
    out.set(codes.subarray(from, Math.min(codes.length, from + COPY_SLICE)), from);
    if (codes.length > COPY_SLICE) await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

/** The scan kernel in use: onnxruntime, or plain JS with the reason onnxruntime could not be used. */
export type ScanKernelChoice = { kind: 'onnxruntime'; kernel: OrtScanKernel } | { kind: 'js'; reason: string };

const shared = new Map<string, Promise<ScanKernelChoice>>();

/**
 * The process-wide kernel for vectors of `dim` and `threads` intra-op threads: one session (and one thread pool)
 * however many indexes come and go. Falls back to JS, with the reason, when onnxruntime cannot build it.
 */
export function sharedScanKernel(dim: number, threads?: number): Promise<ScanKernelChoice> {
  const key = `${dim}/${threads ?? 'default'}`;
  let choice = shared.get(key);
  if (!choice) {
    choice = OrtScanKernel.create(dim, threads).then(
      (kernel): ScanKernelChoice => ({ kind: 'onnxruntime', kernel }),
      (err: unknown): ScanKernelChoice => ({
        kind: 'js',
        reason: `onnxruntime scan kernel unavailable: ${err instanceof Error ? err.message : String(err)}`,
      }),
    );
    shared.set(key, choice);
  }
  return choice;
}
