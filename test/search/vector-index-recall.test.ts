/** Recall@20 vs exact fp32 and query time at 100k × 768 on clustered data, onnxruntime and plain-JS kernels interleaved. */
import { describe, expect, it } from 'vitest';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { SAMPLE_MAX } from '../../main/core/search/index-scan.js';
import { clusteredVectors, exactTop, quantileMs, queriesFor, row, setSource } from './vector-data.js';

const N = 100_000;
const DIM = 768;
const K = 20;

describe('VectorIndex at 100k × 768', () => {
  it('finds the exact top 20 (recall ≥ 0.99) on and off the clusters; times logged', { timeout: 600_000 }, async () => {
    const set = clusteredVectors(N, DIM, 2000, 42);
    const onnx = new VectorIndex(DIM, setSource(set), N);
    const js = new VectorIndex(DIM, setSource(set), N, { kernel: 'js' });
    for (let i = 0; i < N; i++) {
      onnx.upsert(i + 1, row(set, i));
      js.upsert(i + 1, row(set, i));
    }
    expect((await onnx.kernel()).kind).toBe('onnxruntime');
    const queries = queriesFor(set, 20, 9);
    const all = (): boolean => true;
    await onnx.settled();
    expect((await onnx.kernel()).frozenBlocks).toBe(1);
    await onnx.search(queries[0]!, { k: K });
    const times = { onnx: [] as number[], onnxFiltered: [] as number[], js: [] as number[] };
    const recall = { onnx: [] as number[], js: [] as number[] };
    for (const [qi, q] of queries.entries()) {
      const truth = new Set(exactTop(set, q, K));
      let t = performance.now();
      const got = await onnx.search(q, { k: K });
      times.onnx.push(performance.now() - t);
      t = performance.now();
      const filtered = await onnx.search(q, { k: K, filter: all });
      times.onnxFiltered.push(performance.now() - t);
      expect(filtered.hits.map((h) => h.photoId)).toEqual(got.hits.map((h) => h.photoId));
      if (qi % 4 === 0) {
        t = performance.now();
        const plain = await js.search(q, { k: K });
        times.js.push(performance.now() - t);
        recall.js.push(plain.hits.filter((h) => truth.has(h.photoId)).length / K);
      }
      recall.onnx.push(got.hits.filter((h) => truth.has(h.photoId)).length / K);
      expect(got.candidates).toBe(N);
      expect(got.sample.length).toBeGreaterThan(SAMPLE_MAX / 2);
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const on = mean(recall.onnx.slice(0, 10));
    const off = mean(recall.onnx.slice(10));
    const fmt = (xs: number[]): string => `p50 ${quantileMs(xs, 0.5).toFixed(1)} ms, p95 ${quantileMs(xs, 0.95).toFixed(1)} ms`;
    console.log(
      `[vector-index] 100k×768, ${onnx.bytesPerPhoto().toFixed(0)} B/photo: recall@20 on-cluster ${on.toFixed(3)}, off-cluster ${off.toFixed(3)} (js ${mean(recall.js).toFixed(3)}); ` +
        `onnxruntime ${fmt(times.onnx)}; with a predicate filter ${fmt(times.onnxFiltered)}; plain JS ${fmt(times.js)}`,
    );
    expect(mean(recall.onnx)).toBeGreaterThanOrEqual(0.99);
    expect(Math.min(on, off)).toBeGreaterThanOrEqual(0.98);
    expect(mean(recall.js)).toBeGreaterThanOrEqual(0.99);
    await onnx.release();
  });
});
