/** The live block's onnxruntime session: options, feeds, one run. */
import ort from 'onnxruntime-node';
import { SLEEPING_POOL } from '../ml/sleeping-pool.js';
import { SCAN_INPUTS, SCAN_OUTPUTS } from './scan-graph.js';

/** What one block's run returns: every column's scaled score (bias applied) and the best `k` columns. */
export interface LiveScan {
  scores: Float32Array;
  topValues: Float32Array;
  topColumns: BigInt64Array;
}

/** Session options of every scan session: CPU, `threads` intra-op threads, no arena, idle threads asleep. */
export function scanSessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    // Tiny graphs: an arena would only keep each session's last outputs allocated.
    enableCpuMemArena: false,
    graphOptimizationLevel: 'all',
    extra: SLEEPING_POOL,
  };
}

/** Every input but the matrix: query codes, scales, bias, and k (clamped to 1..n). */
export function scanFeeds(dim: number, query: Uint8Array, scales: Float32Array, bias: Float32Array, k: number): Record<string, ort.Tensor> {
  const n = scales.length;
  const I = SCAN_INPUTS;
  return {
    [I.query]: new ort.Tensor('uint8', query, [1, dim]),
    [I.scales]: new ort.Tensor('float32', scales, [n]),
    [I.bias]: new ort.Tensor('float32', bias, [n]),
    [I.k]: new ort.Tensor('int64', BigInt64Array.of(BigInt(Math.max(1, Math.min(k, n)))), [1]),
  };
}

/** Runs one scan session. */
export async function runScan(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>): Promise<LiveScan> {
  const out = await session.run(feeds);
  return {
    scores: out[SCAN_OUTPUTS.scores]!.data as Float32Array,
    topValues: out[SCAN_OUTPUTS.topValues]!.data as Float32Array,
    topColumns: out[SCAN_OUTPUTS.topIndices]!.data as BigInt64Array,
  };
}
