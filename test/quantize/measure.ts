/** By hand: fp32 vs our int8 vision tower throughput on onnxruntime CPU (2 threads, batch 1), runs interleaved. */
// Usage: `npx tsx test/quantize/measure.ts [fp32 model] [rounds]`. Interleaving makes a busy shared machine slow both
// alike. The default model is the full-size shape-true B/16-256 (`npm run fixtures -- --shape-true --out DIR`).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { cosine } from '../../main/core/ml/scores.js';
import { quantizeOnnxFile } from '../../main/core/ml/quantize/quantize-model.js';

const fp32Path = process.argv[2] ?? '/tmp/st-full/immich/visual/model.onnx';
const rounds = Number(process.argv[3] ?? 20);
const int8Path = join(tmpdir(), 'shoebox-quantize-measure', 'visual', 'model_int8.onnx');

async function open(path: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(path, { executionProviders: ['cpu'], intraOpNumThreads: 2, graphOptimizationLevel: 'all' });
}

function image(size: number, seed: number): ort.Tensor {
  const data = Float32Array.from({ length: 3 * size * size }, (_, i) => Math.sin(i * 0.013 * (seed + 1)) * 0.8);
  return new ort.Tensor('float32', data, [1, 3, size, size]);
}

async function timed(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>): Promise<{ ms: number; out: Float32Array }> {
  const start = performance.now();
  const result = await session.run(feeds);
  const ms = performance.now() - start;
  return { ms, out: result[session.outputNames[0]!]!.data as Float32Array };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync(int8Path)) {
  await mkdir(join(int8Path, '..'), { recursive: true });
  const start = performance.now();
  const stats = await quantizeOnnxFile(fp32Path, int8Path);
  console.log(`quantized in ${((performance.now() - start) / 1000).toFixed(1)} s:`, stats);
}
const fp32 = await open(fp32Path);
const int8 = await open(int8Path);
const input = fp32.inputNames[0]!;
const meta = fp32.inputMetadata[0]!;
const size = meta.isTensor ? Number(meta.shape[3]) : 256;
for (const s of [fp32, int8]) for (let i = 0; i < 2; i++) await s.run({ [input]: image(size, i) });

const times = { fp32: [] as number[], int8: [] as number[] };
const agreement: number[] = [];
for (let r = 0; r < rounds; r++) {
  const feeds = { [input]: image(size, r) };
  const a = await timed(fp32, feeds);
  const b = await timed(int8, feeds);
  times.fp32.push(a.ms);
  times.int8.push(b.ms);
  agreement.push(cosine(a.out, b.out));
}
const perSecond = (ms: number[]): number => 1000 / median(ms);
console.log(`model ${fp32Path}, ${size}², batch 1, 2 threads, ${rounds} interleaved rounds`);
console.log(`fp32: ${perSecond(times.fp32).toFixed(2)} photos/s (median ${median(times.fp32).toFixed(0)} ms)`);
console.log(`int8: ${perSecond(times.int8).toFixed(2)} photos/s (median ${median(times.int8).toFixed(0)} ms)`);
console.log(`speed-up ${(median(times.fp32) / median(times.int8)).toFixed(2)}× (issue: 11.2 vs 3.1 photos/s, 3.6×)`);
const best = (ms: number[]): number => Math.min(...ms);
console.log(
  `fastest runs (least disturbed by other work): fp32 ${best(times.fp32).toFixed(0)} ms, int8 ${best(times.int8).toFixed(0)} ms, ${(best(times.fp32) / best(times.int8)).toFixed(2)}×`,
);
console.log(
  `cosine int8 vs fp32: mean ${(agreement.reduce((s, c) => s + c, 0) / agreement.length).toFixed(5)}, min ${Math.min(...agreement).toFixed(5)}`,
);
await Promise.all([fp32.release(), int8.release()]);
