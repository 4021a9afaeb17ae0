/** The int8 transform on a small shape-true SigLIP-B/16 (external data, real layer sizes) and on Gemm nodes. */
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readOnnxModel, writeOnnxModel } from '../../main/core/ml/quantize/onnx-io.js';
import { DEFAULT_MIN_ELEMENTS, int8TowerPath, quantizeOnnxFile, type QuantizeStats } from '../../main/core/ml/quantize/quantize-model.js';
import { GraphBuilder } from '../fixtures/onnx-graph.js';
import { writeModel } from '../fixtures/onnx-writer.js';
import { generateShapeTrueSiglip } from '../fixtures/shape-true.js';
import { damageInt8Model, floatWeightMatMuls, mean, opCounts, pairCosines } from './helpers.js';

const SIZE = 256;
let dir: string;
const visual = (): string => join(dir, 'immich', 'visual', 'model.onnx');
const textual = (): string => join(dir, 'immich', 'textual', 'model.onnx');
const stats: Record<string, QuantizeStats> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoebox-quantize-st-'));
  await generateShapeTrueSiglip(dir, { layers: 2, textVocab: 1000, imageSize: SIZE, seed: 5, externalData: true });
  stats.visual = await quantizeOnnxFile(visual(), int8TowerPath(visual()));
  stats.textual = await quantizeOnnxFile(textual(), int8TowerPath(textual()));
}, 300_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function images(count: number, batch = 1): ort.Tensor[] {
  return Array.from({ length: count }, (_, k) => {
    const data = Float32Array.from({ length: batch * 3 * SIZE * SIZE }, (_, i) => Math.sin(i * 0.0021 * (k + 1) + k) * 0.9);
    return new ort.Tensor('float32', data, [batch, 3, SIZE, SIZE]);
  });
}

/** Embeddings of `feeds` by the model at `path` (one row per batch item). */
async function embed(path: string, input: string, output: string, feeds: ort.Tensor[]): Promise<Float32Array[]> {
  const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
  const rows: Float32Array[] = [];
  for (const t of feeds) {
    const out = (await session.run({ [input]: t }))[output]!;
    const d = out.dims.at(-1)!;
    const data = out.data as Float32Array;
    for (let r = 0; r < data.length / d; r++) rows.push(data.slice(r * d, (r + 1) * d));
  }
  await session.release();
  return rows;
}

describe('int8 transform on a shape-true SigLIP-B/16 (2 layers)', () => {
  it('reads external data and writes one valid file with integer MatMuls only for the weights', async () => {
    expect(existsSync(`${visual()}_data`)).toBe(true);
    expect(existsSync(`${int8TowerPath(visual())}_data`)).toBe(false);
    const ops = await opCounts(int8TowerPath(visual()));
    // q, k, v, out, fc1, fc2 per layer, plus the pooling head's q, k, v, out, fc1, fc2 (its attention products stay float).
    expect(stats.visual!.quantizedNodes).toBe(2 * 6 + 6);
    expect(ops.get('MatMulInteger')).toBe(18);
    expect(ops.get('DynamicQuantizeLinear')).toBe(18);
    expect(ops.get('MatMul')).toBe(stats.visual!.floatNodes);
    expect(floatWeightMatMuls(await readOnnxModel(int8TowerPath(visual())), DEFAULT_MIN_ELEMENTS)).toEqual([]);
    expect(stats.visual!.bytesAfter).toBeLessThan(0.4 * stats.visual!.bytesBefore);
  });

  it('gives vision embeddings that agree with fp32; shuffled columns or wrong scales do not', async () => {
    const feeds = images(3);
    const fp32 = await embed(visual(), 'image', 'embedding', feeds);
    const good = pairCosines(fp32, await embed(int8TowerPath(visual()), 'image', 'embedding', feeds));
    const shuffled = join(dir, 'shuffled.onnx');
    const scaled = join(dir, 'scaled.onnx');
    await damageInt8Model(int8TowerPath(visual()), shuffled, 'shuffle');
    await damageInt8Model(int8TowerPath(visual()), scaled, 'scale');
    const bad = pairCosines(fp32, await embed(shuffled, 'image', 'embedding', feeds));
    const badScale = pairCosines(fp32, await embed(scaled, 'image', 'embedding', feeds));
    console.log(
      `shape-true vision int8 vs fp32: mean ${mean(good).toFixed(5)} min ${Math.min(...good).toFixed(5)}; shuffled ${mean(bad).toFixed(5)}; wrong scales ${mean(badScale).toFixed(5)}`,
    );
    expect(Math.min(...good)).toBeGreaterThan(0.99);
    expect(Math.abs(mean(bad))).toBeLessThan(0.5);
    expect(mean(badScale)).toBeLessThan(0.9);
  });

  it('gives text embeddings that agree with fp32 (the embedding table stays float)', async () => {
    const ids = [0, 1, 2].map(
      (k) =>
        new ort.Tensor(
          'int32',
          Int32Array.from({ length: 64 }, (_, i) => (i < 10 + k * 7 ? (i * 37 + k * 101) % 1000 : 1)),
          [1, 64],
        ),
    );
    const cos = pairCosines(
      await embed(textual(), 'text', 'embedding', ids),
      await embed(int8TowerPath(textual()), 'text', 'embedding', ids),
    );
    console.log(`shape-true text int8 vs fp32: mean ${mean(cos).toFixed(5)} min ${Math.min(...cos).toFixed(5)}`);
    expect(Math.min(...cos)).toBeGreaterThan(0.99);
    expect((await readOnnxModel(int8TowerPath(textual()))).graph!.initializer!.some((t) => t.name === 'token_embedding')).toBe(true);
  });

  it('writes large weights to an external data file when the model would pass the single-file limit', async () => {
    const target = join(dir, 'split', 'model_int8.onnx');
    await mkdir(join(target, '..'));
    const written = await writeOnnxModel(await readOnnxModel(int8TowerPath(visual())), target, 1e6);
    expect(written).toEqual([target, `${target}_data`]);
    expect(statSync(target).size).toBeLessThan(1e6);
    const feeds = images(1);
    const cos = pairCosines(
      await embed(int8TowerPath(visual()), 'image', 'embedding', feeds),
      await embed(target, 'image', 'embedding', feeds),
    );
    expect(cos[0]).toBeGreaterThan(0.99999);
  });

  it('keeps a dynamic batch working (transformers.js layout)', async () => {
    const path = join(dir, 'xenova', 'onnx', 'vision_model.onnx');
    await quantizeOnnxFile(path, int8TowerPath(path));
    const feeds = images(1, 2);
    const cos = pairCosines(
      await embed(path, 'pixel_values', 'pooler_output', feeds),
      await embed(int8TowerPath(path), 'pixel_values', 'pooler_output', feeds),
    );
    expect(cos).toHaveLength(2);
    expect(Math.min(...cos)).toBeGreaterThan(0.99);
  });
});

/** Round half to even, as DynamicQuantizeLinear does. */
const roundEven = (v: number): number => (Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v));

/** What the int8 graph must compute for Gemm(x [M,K], W, C): the scheme simulated in plain JS. */
function simulateInt8Gemm(
  x: Float32Array,
  m: number,
  k: number,
  w: Float32Array,
  n: number,
  transB: boolean,
  alpha: number,
  bias: Float32Array | null,
): Float32Array {
  const b = (r: number, c: number): number => (transB ? w[c * k + r]! : w[r * n + c]!);
  const lo = Math.min(0, ...x);
  const hi = Math.max(0, ...x);
  const aScale = (hi - lo) / 255;
  const aZero = Math.min(255, Math.max(0, roundEven(-lo / aScale)));
  const aq = Array.from(x, (v) => Math.min(255, Math.max(0, roundEven(v / aScale) + aZero)));
  const out = new Float32Array(m * n);
  for (let c = 0; c < n; c++) {
    let max = 0;
    for (let r = 0; r < k; r++) max = Math.max(max, Math.abs(b(r, c)));
    const step = max / 127;
    for (let i = 0; i < m; i++) {
      let acc = 0;
      for (let r = 0; r < k; r++) acc += (aq[i * k + r]! - aZero) * Math.round(b(r, c) / step);
      out[i * n + c] = acc * aScale * step * alpha + (bias?.[c] ?? 0);
    }
  }
  return out;
}

describe('int8 transform on Gemm', () => {
  const cases = [
    { transB: 1, alpha: 0.5, beta: 2, bias: true },
    { transB: 0, alpha: 1, beta: 1, bias: false },
  ];
  it.each(cases)('computes the int8 scheme exactly and stays close to fp32: %o', async ({ transB, alpha, beta, bias }) => {
    const [m, k, n] = [2, 64, 48];
    const gemmDir = await mkdtemp(join(tmpdir(), 'shoebox-quantize-gemm-'));
    onTestFinished(() => rm(gemmDir, { recursive: true, force: true }));
    const g = new GraphBuilder('gemm');
    const w = Float32Array.from({ length: k * n }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
    const c = Float32Array.from({ length: n }, (_, i) => i / 10);
    const inputs = [g.input('x', 'float32', [m, k]), g.f32('w', transB ? [n, k] : [k, n], w), ...(bias ? [g.f32('c', [n], c)] : [])];
    g.output('y', g.op('Gemm', inputs, { transB, alpha: { f: alpha }, beta: { f: beta } }), 'float32', [m, n]);
    const source = join(gemmDir, 'gemm.onnx');
    await writeModel(g, source);
    const result = await quantizeOnnxFile(source, int8TowerPath(source), { minElements: 0 });
    expect(result.quantizedNodes).toBe(1);
    expect((await opCounts(int8TowerPath(source))).has('Gemm')).toBe(false);
    const initializers = (await readOnnxModel(int8TowerPath(source))).graph!.initializer!.map((t) => t.name);
    expect(initializers).not.toContain('w');
    expect(initializers.includes('c')).toBe(bias && beta === 1);

    const x = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.3) + 0.2);
    const feed = [new ort.Tensor('float32', x, [m, k])];
    const run = async (path: string): Promise<Float32Array> =>
      Float32Array.from((await embed(path, 'x', 'y', feed)).flatMap((r) => [...r]));
    const [fp32, int8] = [await run(source), await run(int8TowerPath(source))];
    const expected = simulateInt8Gemm(x, m, k, w, n, transB === 1, alpha, bias ? c.map((v) => v * beta) : null);
    const rms = (xs: ArrayLike<number>): number => Math.sqrt(mean(Array.from(xs, (v) => v * v)));
    const diff = (a: Float32Array, b: Float32Array): number => rms(a.map((v, i) => v - b[i]!)) / rms(b);
    console.log(
      `Gemm ${JSON.stringify({ transB, alpha, beta })}: int8 vs simulated scheme ${diff(int8, expected).toExponential(2)}, vs fp32 ${diff(int8, fp32).toFixed(4)}`,
    );
    expect(diff(int8, expected)).toBeLessThan(1e-5);
    expect(diff(int8, fp32)).toBeLessThan(0.05);
  });
});
