/**
 * End-to-end indexing the way the product runs it: a library scan queues the 12-MP JPEGs, the Indexer embeds them in its
 * child process (decode, thumbnail, EXIF, inference, SQLite). This process plays the API process and records its
 * event-loop lag while the child works.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCatalog } from '../../main/core/catalog/db.js';
import { enqueueIndex } from '../../main/core/catalog/jobs.js';
import { Indexer } from '../../main/core/jobs/indexer.js';
import { DECODE_NICE } from '../../main/core/jobs/decode-priority.js';
import { createLibrary } from '../../main/core/library/library.js';
import { silentLogger, type Logger } from '../../main/core/ports.js';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { int8Tower } from './bench-int8.js';
import { ensureBenchModel } from './bench-model.js';
import { ensurePhotos, photoCount } from './bench-photos.js';
import { now } from './stats.js';
import type { BenchFn } from './types.js';

/**
 * An export with our int8 vision tower beside it (quantized once, cached under `key`), as the product lays it out
 * after quantizing (`x.onnx` → `x_int8.onnx`). Indexing never opens the text tower, so the text tower's int8 name
 * links to the fp32 one instead of spending a minute on it.
 */
async function int8Folder(root: string, key: string, exportDir: string, towers: { vision: string; text: string }): Promise<string> {
  const dir = `${key}-int8`;
  const tower = await int8Tower(root, key, join(exportDir, towers.vision));
  await rm(dir, { recursive: true, force: true });
  await cp(exportDir, dir, { recursive: true, filter: (src) => !src.endsWith('.onnx') && !src.endsWith('.onnx_data') });
  for (const rel of [towers.vision, towers.text]) await symlink(join(exportDir, rel), join(dir, rel));
  const int8 = (rel: string): string => join(dir, rel.replace(/\.onnx$/, '_int8.onnx'));
  await symlink(tower.path, int8(towers.vision));
  await symlink(join(exportDir, towers.text), int8(towers.text));
  return dir;
}

/** The export folder `layout` indexes with (int8 ones are made beside the fp32 ones once). */
async function exportFor(root: string, layout: Layout, model: { dir: string; immich: string; xenova: string }): Promise<string> {
  if (layout === 'immich') return model.immich;
  if (layout === 'xenova') return model.xenova;
  // The Immich tower's int8 is the one the `int8` bench quantizes (same key); the Xenova export's is made from its own file.
  if (layout === 'immich-int8')
    return int8Folder(root, model.dir, model.immich, { vision: 'visual/model.onnx', text: 'textual/model.onnx' });
  return int8Folder(root, `${model.dir}-xenova`, model.xenova, { vision: 'onnx/vision_model.onnx', text: 'onnx/text_model.onnx' });
}

const LAYOUTS = ['immich', 'immich-int8', 'xenova', 'xenova-int8'] as const;
type Layout = (typeof LAYOUTS)[number];

/** Indexes the photo set with the export named by ctx.param (see LAYOUTS; default immich) into a fresh library. */
export const run: BenchFn = async (ctx) => {
  const layout: Layout = LAYOUTS.find((l) => l === ctx.param) ?? 'immich';
  const model = await ensureBenchModel(ctx.root, ctx.quick);
  const modelDir = await exportFor(ctx.root, layout, model);
  const photos = await ensurePhotos(ctx.root, photoCount(ctx.quick));
  const tmp = await mkdtemp(join(os.tmpdir(), 'shoebox-bench-pipeline-'));
  const catalogFile = join(tmp, 'catalog.db');
  const db = openCatalog(catalogFile);
  const modelId = `bench-${layout}`;
  try {
    const library = createLibrary({
      db,
      log: silentLogger,
      emit: () => undefined,
      onIndexNeeded: (ids) => void enqueueIndex(db, ids, modelId),
    });
    const added = await library.addFolder(photos.dir);
    if (!added.ok) throw new Error(`addFolder failed: ${added.error.message}`);
    const index = new VectorIndex(0);
    const embeddedAt: number[] = [];
    let readyAt = Number.NaN;
    let maxBatch = 0;
    let providerInUse = 'unknown';
    let decodeThreadsLowered = 0;
    let modelBusy = Number.NaN;
    const log: Logger = {
      ...silentLogger,
      info: (message, data) => {
        if (message === 'Indexer ready') {
          readyAt = now();
          maxBatch = Number(data?.maxBatch ?? 0);
          providerInUse = typeof data?.provider === 'string' ? data.provider : 'unknown';
          decodeThreadsLowered = Number(data?.decodeThreadsLowered ?? 0);
        }
        if (message === 'Index run finished') modelBusy = Number(data?.modelBusy ?? Number.NaN);
      },
      error: (message, data) => process.stderr.write(`indexer: ${message} ${JSON.stringify(data)}\n`),
    };
    const indexer = new Indexer({
      db,
      log,
      catalogFile,
      thumbsDir: join(tmp, 'thumbs'),
      // The product's default: a GPU provider when this machine has one, else the CPU (named in the section).
      provider: () => 'auto',
      onEmbedded: (photoId, vector) => {
        index.upsert(photoId, vector);
        embeddedAt.push(now());
      },
      onProgress: () => undefined,
    });
    const idleLag = monitorEventLoopDelay({ resolution: 10 });
    idleLag.enable();
    await new Promise((r) => setTimeout(r, 3000));
    idleLag.disable();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const t0 = now();
    indexer.setModel({ id: modelId, dir: modelDir, precision: layout.endsWith('-int8') ? 'int8' : undefined });
    await indexer.idle();
    lag.disable();
    await indexer.close();
    const n = embeddedAt.length;
    if (n !== photos.files.length) throw new Error(`indexed ${n} of ${photos.files.length} photos (see stderr)`);
    const rows = db.prepare(`SELECT COUNT(*) AS n FROM photos WHERE camera_make = 'Shoebox' AND thumb_path IS NOT NULL`).get() as {
      n: number;
    };
    const thumbs = (db.prepare('SELECT thumb_path AS p FROM photos').all() as { p: string }[]).filter((r) => existsSync(r.p)).length;
    if (rows.n !== n || thumbs !== n) throw new Error(`EXIF/thumbnail missing: ${rows.n} rows with camera, ${thumbs} thumbnails of ${n}`);
    const last = embeddedAt[n - 1]!;
    const rate = (n / (last - readyAt)) * 1000;
    const steady = ((n - 1) / (last - embeddedAt[0]!)) * 1000;
    const ms = (ns: number): number => ns / 1e6;
    return {
      name: `pipeline (${layout} export) on ${providerInUse}: ${n} × 12-MP JPEG, Indexer child process, fresh library`,
      figures: [
        {
          key: `pipeline.${layout}`,
          label: `PIPELINE ${layout}: photos/s (model ready → last photo stored)`,
          value: rate,
          unit: 'photos/s',
        },
        {
          key: `pipeline.${layout}.from_start`,
          label: `pipeline ${layout}: photos/s from setModel (child start and model load counted) → last photo stored`,
          value: (n / (last - t0)) * 1000,
          unit: 'photos/s',
        },
        {
          key: `pipeline.${layout}.steady`,
          label: `pipeline ${layout}: steady rate (first → last photo)`,
          value: steady,
          unit: 'photos/s',
        },
        {
          key: `pipeline.${layout}.model_busy`,
          label: `pipeline ${layout}: share of the time the model was running (first run → last)`,
          value: modelBusy,
          unit: '',
          target: { op: '>=', value: 0.95 },
        },
        {
          key: `pipeline.${layout}.startup_s`,
          label: `pipeline ${layout}: child start + model load`,
          value: (readyAt - t0) / 1000,
          unit: 's',
        },
        {
          key: `lag.${layout}.p99`,
          label: `API event-loop lag p99 while indexing (${layout})`,
          value: ms(lag.percentile(99)),
          unit: 'ms',
          target: { op: '<=', value: 50 },
        },
        {
          key: `lag.${layout}.idle_p99`,
          label: `API event-loop lag p99 with nothing running (baseline, ${layout} run)`,
          value: ms(idleLag.percentile(99)),
          unit: 'ms',
        },
        { key: `lag.${layout}.max`, label: `API event-loop lag max while indexing (${layout})`, value: ms(lag.max), unit: 'ms' },
      ],
      notes: [
        `batch ${maxBatch} (export's limit), inference on a worker thread with one onnxruntime thread per core and two batches queued to it, lookahead max(4, 2×batch) decodes on the main thread (${decodeThreadsLowered} decode threads at nice ${DECODE_NICE}, behind the model's); each photo: read, EXIF (the scan's sha256 reused, not computed again), one decode → 256² tensor + 400 px JPEG thumbnail, embed, one SQLite transaction; batches sized to the photos decoded`,
        "model busy share: the inference thread's running time (overlaps counted once) over the span from its first run to its last — 1.0 means the model never waited for a decode",
        "event-loop lag measured with monitorEventLoopDelay (10 ms resolution) in the process that owns the Indexer, from setModel to idle (includes the child's model load)",
      ],
    };
  } finally {
    db.close();
    await rm(tmp, { recursive: true, force: true });
  }
};
