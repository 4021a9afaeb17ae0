/** The onnxruntime scan kernel: scores a matrix block (live: an input tensor here; frozen: a constant in the scan thread) and ranks it. */
import { availableParallelism } from 'node:os';
import ort from 'onnxruntime-node';
import type { FrozenCodes, KernelQuery, MatrixBlock } from './int8-matrix.js';
import { frozenGraphParts } from './frozen-graph.js';
import { SCAN_INPUTS, scanGraphBytes } from './scan-graph.js';
import { runScan, scanFeeds, scanSessionOptions, type BlockScan } from './scan-session.js';
import { ScanThread } from './scan-thread-client.js';

export type { BlockScan } from './scan-session.js';

/** A frozen block's session, held by the scan thread (see [Note: Frozen blocks] in int8-matrix.ts). */
class FrozenScan implements FrozenCodes {
  /** The block's tombstone count when the thread last got its bias: while unchanged, scans send no bias. */
  sentTombstones: number;

  constructor(
    readonly thread: ScanThread,
    readonly frozenId: number,
    tombstones: number,
  ) {
    this.sentTombstones = tombstones;
  }

  release(): Promise<void> {
    return this.thread.release(this.frozenId);
  }
}

/**
 * Scores blocks with onnxruntime's MatMulInteger. A live block's typed arrays are wrapped, not copied, so an upsert
 * is just a write into them and the session never needs rebuilding; a full block can be frozen into a session of its
 * own whose codes onnxruntime prepacks once.
 *
 * [Note: The scan thread]
 * onnxruntime-node builds a session and runs it synchronously on the calling thread. A frozen block's session takes
 * ~0.6 s to build and its run is most of a search at 1M photos, so on the API's thread both froze the event loop (lag
 * p99 989 ms while a 1M library froze its blocks). Frozen blocks therefore live in a worker thread of their own
 * (scan-thread.ts): freezing hands it a copy of the codes (the matrix drops its own once the block is adopted, so RAM
 * holds them once), and scans of frozen blocks are requests to it. The last, live block is still scanned here: it
 * changes with every upsert and is at most one block.
 */
export class OrtScanKernel {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly dim: number,
    private readonly thread: ScanThread,
  ) {}

  /** Builds the live session for vectors of `dim` (intra-op threads default to min(2, cores)); the thread starts on first freeze. */
  static async create(dim: number, threads = Math.min(2, availableParallelism())): Promise<OrtScanKernel> {
    const session = await ort.InferenceSession.create(scanGraphBytes(dim), scanSessionOptions(threads));
    return new OrtScanKernel(session, dim, new ScanThread({ dim, threads }));
  }

  /**
   * A session in the scan thread holding `block`'s current codes as a constant (~1 s per 65k × 768 block there; here
   * only the copy handed over, ~20 ms). The block itself is left as it is: `Int8Matrix.adoptFrozen` decides whether it
   * is still current.
   */
  async freeze(block: MatrixBlock): Promise<FrozenCodes> {
    // The one copy made here is the model itself (the thread hands it back once it is built), made a slice at a time.
    const model = await joinYielding(frozenGraphParts(this.dim, block));
    const tombstones = block.tombstones;
    return new FrozenScan(this.thread, await this.thread.freeze(model, block.scales, block.bias), tombstones);
  }

  /** Scores one block with `bias` (its length is the block's capacity) and returns its top `k` columns, in raw units. */
  scanBlock(query: KernelQuery, block: MatrixBlock, bias: Float32Array, k: number): Promise<BlockScan> {
    if (block.frozen instanceof FrozenScan) return this.scanFrozen(block.frozen, query, block, bias, k);
    const feeds = scanFeeds(this.dim, query.codes, block.scales, bias, k);
    feeds[SCAN_INPUTS.matrix] = new ort.Tensor('int8', block.codes, [this.dim, block.capacity]);
    return runScan(this.session, feeds);
  }

  /** A frozen block's scan in the thread: scales stay there; the bias travels (copied as it is sent) only when filtered or newly tombstoned. */
  private scanFrozen(frozen: FrozenScan, query: KernelQuery, block: MatrixBlock, bias: Float32Array, k: number): Promise<BlockScan> {
    const base = bias === block.bias;
    if (base && frozen.sentTombstones === block.tombstones)
      return frozen.thread.scan({ frozenId: frozen.frozenId, bias: null, keep: false }, query.codes, k);
    if (base) frozen.sentTombstones = block.tombstones;
    return frozen.thread.scan({ frozenId: frozen.frozenId, bias, keep: base }, query.codes, k);
  }
}

/** Bytes copied per event-loop turn when joining a frozen block's model (~1–2 ms each, page faults included). */
const JOIN_SLICE = 4 * 2 ** 20;

/**
 * `parts` joined into one buffer, copied JOIN_SLICE bytes per event-loop turn: a 48 MB block copied at once held the
 * API's thread 50–150 ms (mostly the page faults of the new buffer).
 */
async function joinYielding(parts: readonly Uint8Array[]): Promise<Buffer> {
  const out = Buffer.allocUnsafeSlow(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    for (let from = 0; from < part.byteLength; from += JOIN_SLICE) {
      out.set(part.subarray(from, Math.min(part.byteLength, from + JOIN_SLICE)), at + from);
      if (part.byteLength > JOIN_SLICE) await new Promise((resolve) => setImmediate(resolve));
    }
    at += part.byteLength;
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
