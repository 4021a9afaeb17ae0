/** The onnxruntime scan kernel: scores a matrix block (an input tensor, or a frozen constant) and ranks it. */
import { availableParallelism } from 'node:os';
import type * as ort from 'onnxruntime-node';
import { ort as loadOrt } from '../ml/ort.js';
import { frozenGraphParts } from './frozen-graph.js';
import type { FrozenCodes, KernelQuery, MatrixBlock } from './int8-matrix.js';
import { SCAN_INPUTS, SCAN_OUTPUTS, scanGraphBytes } from './scan-graph.js';

/** What one block's run returns: every column's scaled score (bias applied) and the best `k` columns. */
export interface BlockScan {
  scores: Float32Array;
  topValues: Float32Array;
  topColumns: BigInt64Array;
}

/** A frozen block's own session, its codes a prepacked constant (see [Note: Frozen blocks] in int8-matrix.ts). */
class FrozenScan implements FrozenCodes {
  constructor(readonly session: ort.InferenceSession) {}

  release(): Promise<void> {
    return this.session.release();
  }
}

/**
 * Scores blocks with onnxruntime's MatMulInteger. A live block's typed arrays are wrapped, not copied, so an upsert
 * is just a write into them and the session never needs rebuilding; a full block can be frozen into a session of its
 * own whose codes onnxruntime prepacks once.
 */
export class OrtScanKernel {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly dim: number,
    private readonly threads: number,
  ) {}

  /** Builds the session for vectors of `dim` (intra-op threads default to min(2, cores)). */
  static async create(dim: number, threads = Math.min(2, availableParallelism())): Promise<OrtScanKernel> {
    return new OrtScanKernel(await loadOrt().InferenceSession.create(scanGraphBytes(dim), sessionOptions(threads)), dim, threads);
  }

  /**
   * A session holding `block`'s current codes as a constant (~1 s per 65k × 768 block here, ~0.75 s of it on the
   * calling thread). The block itself is left as it is: `Int8Matrix.adoptFrozen` decides whether it is still current.
   */
  async freeze(block: MatrixBlock): Promise<FrozenCodes> {
    const parts = frozenGraphParts(this.dim, block);
    // One contiguous copy (~0.15 s of page faults for a 48 MB block), and onnxruntime-node builds a session given as
    // bytes on this thread (~0.6 s), once per block. From a temporary file it builds off-thread, but then kept the
    // file's pages beside its packed copy: RSS at 1M went from ~0.9 to 1.3 KB per photo (model file) and 1.6 KB
    // (codes as ONNX external data), measured by the search bench.
    const frozen = new FrozenScan(await loadOrt().InferenceSession.create(Buffer.concat(parts), sessionOptions(this.threads)));
    // A session's first run is ~10× slower (lazy allocations): pay it here, not in someone's search.
    try {
      await this.run(frozen.session, this.feeds({ codes: new Uint8Array(this.dim).fill(128), factor: 0 }, block, block.bias, 1));
    } catch (err) {
      await frozen.release();
      throw err;
    }
    return frozen;
  }

  /** Scores one block with `bias` (its length is the block's capacity) and returns its top `k` columns, in raw units. */
  scanBlock(query: KernelQuery, block: MatrixBlock, bias: Float32Array, k: number): Promise<BlockScan> {
    const feeds = this.feeds(query, block, bias, k);
    if (block.frozen instanceof FrozenScan) return this.run(block.frozen.session, feeds);
    feeds[SCAN_INPUTS.matrix] = new (loadOrt().Tensor)('int8', block.codes, [this.dim, block.capacity]);
    return this.run(this.session, feeds);
  }

  /** Every input but the matrix (a frozen block's session holds it). */
  private feeds(query: KernelQuery, block: MatrixBlock, bias: Float32Array, k: number): Record<string, ort.Tensor> {
    const n = block.capacity;
    const I = SCAN_INPUTS;
    return {
      [I.query]: new (loadOrt().Tensor)('uint8', query.codes, [1, this.dim]),
      [I.scales]: new (loadOrt().Tensor)('float32', block.scales, [n]),
      [I.bias]: new (loadOrt().Tensor)('float32', bias, [n]),
      [I.k]: new (loadOrt().Tensor)('int64', BigInt64Array.of(BigInt(Math.max(1, Math.min(k, n)))), [1]),
    };
  }

  private async run(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>): Promise<BlockScan> {
    const out = await session.run(feeds);
    return {
      scores: out[SCAN_OUTPUTS.scores]!.data as Float32Array,
      topValues: out[SCAN_OUTPUTS.topValues]!.data as Float32Array,
      topColumns: out[SCAN_OUTPUTS.topIndices]!.data as BigInt64Array,
    };
  }
}

function sessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    // Tiny graphs: an arena would only keep each session's last outputs allocated.
    enableCpuMemArena: false,
    graphOptimizationLevel: 'all',
    // Idle pool threads sleep instead of spinning: the machine is shared with indexing and the UI.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
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
