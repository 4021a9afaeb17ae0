/**
 * Why the pipeline is (or is not) at the model's limit: decode time per photo, decode throughput with the pipeline's
 * look-ahead, and how much inference and decoding slow each other down when they share the cores.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { decodePhoto, type KnownHash } from '../../main/core/media/decode.js';
import { readModelFolder } from '../../main/core/ml/model-folder.js';
import { VisionTower } from '../../main/core/ml/vision-tower.js';
import { ensureBenchModel } from './bench-model.js';
import { decodeBreakdown } from './decode-breakdown.js';
import { ensurePhotos, photoCount } from './bench-photos.js';
import { now, quantile } from './stats.js';
import type { BenchFn } from './types.js';

/** The content hash as the scan records it (sha256, size, rounded mtime), which the indexer passes to decodePhoto. */
async function knownHashOf(file: string): Promise<KnownHash> {
  const [bytes, st] = await Promise.all([readFile(file), stat(file)]);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: st.size, mtimeMs: Math.round(st.mtimeMs) };
}

/** Decodes photos round-robin, `parallel` at a time, until `stop()`; returns photos/s. */
async function decodeLoop(
  files: string[],
  hashes: KnownHash[],
  size: number,
  thumbs: string,
  parallel: number,
  stop: () => boolean,
  minPhotos: number,
): Promise<number> {
  let next = 0;
  const t0 = now();
  const worker = async (): Promise<void> => {
    while (next < minPhotos || !stop()) {
      const i = next++;
      const at = i % files.length;
      await decodePhoto(files[at]!, { tensorSize: size, thumbPath: join(thumbs, `${i}.jpg`), knownHash: hashes[at] });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return (next / (now() - t0)) * 1000;
}

/** Something that embeds one 3×S×S tensor. */
type Embed = (t: Float32Array) => Promise<unknown>;

/** Embeds one blank tensor after another until `stop()`; returns photos/s. */
async function inferLoop(embed: Embed, size: number, stop: () => boolean, minRuns: number): Promise<number> {
  const tensor = new Float32Array(3 * size ** 2);
  await embed(tensor);
  const t0 = now();
  let runs = 0;
  while (runs < minRuns || !stop()) {
    await embed(tensor);
    runs++;
  }
  return (runs / (now() - t0)) * 1000;
}

/** The Immich tower as a raw session whose idle intra-op threads sleep instead of spin (ORT spins by default). */
async function quietSession(dir: string): Promise<Embed> {
  const session = await ort.InferenceSession.create(join(dir, 'visual', 'model.onnx'), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  return (t) => session.run({ image: new ort.Tensor('float32', t, [1, 3, Math.sqrt(t.length / 3), Math.sqrt(t.length / 3)]) });
}

/** Serial decode latency, decode throughput at look-ahead 4, and inference/decode contention on the Immich tower. */
export const run: BenchFn = async (ctx) => {
  const model = await ensureBenchModel(ctx.root, ctx.quick);
  const photos = await ensurePhotos(ctx.root, photoCount(ctx.quick));
  const thumbs = await mkdtemp(join(os.tmpdir(), 'shoebox-bench-decode-'));
  const budget = ctx.quick ? 3000 : 8000;
  try {
    const size = model.imageSize;
    const serial: number[] = [];
    const serialCpu: number[] = [];
    const hashes = await Promise.all(photos.files.map(knownHashOf));
    for (const [i, f] of photos.files.entries()) {
      const t0 = now();
      const cpu0 = process.cpuUsage();
      await decodePhoto(f, { tensorSize: size, thumbPath: join(thumbs, `s${i}.jpg`), knownHash: hashes[i] });
      const cpu = process.cpuUsage(cpu0);
      serial.push(now() - t0);
      serialCpu.push((cpu.user + cpu.system) / 1000);
    }
    const steps = await decodeBreakdown(photos.files, size);
    const until = (ms: number): (() => boolean) => {
      const end = now() + ms;
      return () => now() >= end;
    };
    const decodeAlone = await decodeLoop(photos.files, hashes, size, thumbs, 4, until(budget), 8);
    const tower = await VisionTower.open(await readModelFolder(model.immich), { provider: 'cpu' });
    const embed: Embed = (t) => tower.embed([t]);
    const shared = async (e: Embed): Promise<[number, number]> => {
      let inferring = true;
      return Promise.all([
        inferLoop(e, size, until(budget), 3).finally(() => (inferring = false)),
        decodeLoop(photos.files, hashes, size, thumbs, 4, () => !inferring, 4),
      ]);
    };
    const inferAlone = await inferLoop(embed, size, until(budget), 3);
    const [inferShared, decodeShared] = await shared(embed);
    await tower.release();
    const quiet = await quietSession(model.immich);
    const quietAlone = await inferLoop(quiet, size, until(budget), 3);
    const [quietShared, quietDecode] = await shared(quiet);
    return {
      name: 'pipeline profile: decode vs inference on the same cores (in-process, immich tower)',
      figures: [
        {
          key: 'decode.serial_p50_ms',
          label: 'decode 12-MP JPEG → tensor + thumbnail, one at a time, p50',
          value: quantile(serial, 0.5),
          unit: 'ms',
        },
        {
          key: 'decode.serial_cpu_p50_ms',
          label: 'decode 12-MP JPEG → tensor + thumbnail: CPU of the process (all threads), p50',
          value: quantile(serialCpu, 0.5),
          unit: 'ms',
        },
        ...steps,
        { key: 'decode.alone', label: 'decode throughput, 4 in flight, nothing else running', value: decodeAlone, unit: 'photos/s' },
        { key: 'infer.alone', label: 'inference alone (VisionTower, default threads)', value: inferAlone, unit: 'photos/s' },
        { key: 'infer.shared', label: 'inference while 4 decodes run continuously', value: inferShared, unit: 'photos/s' },
        { key: 'decode.shared', label: 'decode throughput while inference runs', value: decodeShared, unit: 'photos/s' },
        { key: 'infer.slowdown', label: 'inference slowdown from concurrent decoding', value: inferAlone / inferShared, unit: '×' },
        { key: 'infer.quiet.alone', label: 'inference alone, thread spinning off', value: quietAlone, unit: 'photos/s' },
        { key: 'infer.quiet.shared', label: 'inference while decoding, thread spinning off', value: quietShared, unit: 'photos/s' },
        { key: 'decode.quiet.shared', label: 'decode throughput while inference runs, spinning off', value: quietDecode, unit: 'photos/s' },
      ],
      notes: [
        `decode = read + EXIF + one shrink-on-load decode + bicubic ${size}² tensor + 400 px JPEG thumbnail (decodePhoto as the indexer calls it: with the scan's hash, so no sha256); libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4} threads, sharp concurrency ${(await import('sharp')).default.concurrency()}`,
        'inference needs ~all of both cores; each decode takes CPU from it, so pipeline ≈ 1 / (1/limit + decode CPU time per photo) when both share 2 cores',
      ],
    };
  } finally {
    await rm(thumbs, { recursive: true, force: true });
  }
};
