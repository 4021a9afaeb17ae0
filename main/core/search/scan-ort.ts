/** The onnxruntime scan kernel: one in-memory session that scores a matrix block (passed as an input tensor) and ranks it. */
import { availableParallelism } from 'node:os';
import ort from 'onnxruntime-node';
import type { MatrixBlock } from './int8-matrix.js';
import { SCAN_INPUTS, SCAN_OUTPUTS, scanGraphBytes } from './scan-graph.js';

/** What one block's run returns: every column's scaled score (bias applied) and the best `k` columns. */
export interface BlockScan {
  scores: Float32Array;
  topValues: Float32Array;
  topColumns: BigInt64Array;
}

/**
 * Scores blocks with onnxruntime's MatMulInteger. The block's typed arrays are wrapped, not copied, so an upsert
 * is just a write into them and the session never needs rebuilding.
 */
export class OrtScanKernel {
  private constructor(private readonly session: ort.InferenceSession) {}

  /** Builds the session for vectors of `dim` (intra-op threads default to min(2, cores)). */
  static async create(dim: number, threads = Math.min(2, availableParallelism())): Promise<OrtScanKernel> {
    const session = await ort.InferenceSession.create(scanGraphBytes(dim), {
      executionProviders: ['cpu'],
      intraOpNumThreads: threads,
      graphOptimizationLevel: 'all',
      // Idle pool threads sleep instead of spinning: the machine is shared with indexing and the UI.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    return new OrtScanKernel(session);
  }

  /** Scores one block with `bias` (its length is the block's capacity) and returns its top `k` columns. */
  async scanBlock(query: Uint8Array, block: MatrixBlock, bias: Float32Array, k: number): Promise<BlockScan> {
    const n = block.capacity;
    const dim = query.length;
    const I = SCAN_INPUTS;
    const out = await this.session.run({
      [I.query]: new ort.Tensor('uint8', query, [1, dim]),
      [I.matrix]: new ort.Tensor('int8', block.codes, [dim, n]),
      [I.scales]: new ort.Tensor('float32', block.scales, [n]),
      [I.bias]: new ort.Tensor('float32', bias, [n]),
      [I.k]: new ort.Tensor('int64', BigInt64Array.of(BigInt(Math.max(1, Math.min(k, n)))), [1]),
    });
    return {
      scores: out[SCAN_OUTPUTS.scores]!.data as Float32Array,
      topValues: out[SCAN_OUTPUTS.topValues]!.data as Float32Array,
      topColumns: out[SCAN_OUTPUTS.topIndices]!.data as BigInt64Array,
    };
  }
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
      (err: unknown): ScanKernelChoice => ({ kind: 'js', reason: `onnxruntime scan kernel unavailable: ${err instanceof Error ? err.message : String(err)}` }),
    );
    shared.set(key, choice);
  }
  return choice;
}
