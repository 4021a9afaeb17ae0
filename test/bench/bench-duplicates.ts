/**
 * Duplicate grouping at N photos (`--only duplicates`, param N): synthetic 768-d vectors in clusters with planted
 * near-copies, a real catalog, the real duplicates thread; time, peak RSS, recall of the planted groups and the API's
 * event-loop lag while it runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openCatalog } from '../../main/core/catalog/db.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { findDuplicateGroups } from '../../main/core/duplicates/duplicate-thread.js';
import { normalizeInPlace } from '../../main/core/ml/scores.js';
import { DIM } from './search-data.js';
import { memory, now, Rng } from './stats.js';
import type { BenchFn } from './types.js';

const MODEL = 'bench-duplicates@fp32';
/** One photo in this many has planted near-copies (1–3, cosine ~0.97 to it). */
const PLANT_EVERY = 20;
const CLUSTERS = 200;

/** N photos around CLUSTERS centres (unrelated photos of a cluster sit near cosine 0.6–0.8), with planted copies. */
function fill(file: string, n: number): Map<number, number> {
  const db = openCatalog(file);
  const folder = insertFolder(db, '/bench/dups', null);
  const rng = new Rng(11);
  const unit = (v: Float32Array): Float32Array => normalizeInPlace(v);
  const centres = Array.from({ length: CLUSTERS }, () => unit(Float32Array.from({ length: DIM }, () => rng.normal())));
  const photo = db.prepare(`INSERT INTO photos (id, folder_id, path, size, mtime_ms, added_at, updated_at) VALUES (?, ?, ?, 1, 0, 0, 0)`);
  const emb = db.prepare(`INSERT INTO embeddings (photo_id, model_id, status, vector, updated_at) VALUES (?, ?, 'done', ?, 0)`);
  const plantedOf = new Map<number, number>();
  const noisy = (base: Float32Array, sigma: number): Float32Array => unit(base.map((x) => x + rng.normal() * sigma));
  db.transaction(() => {
    let id = 1;
    while (id <= n) {
      const original = noisy(centres[Math.floor(rng.uniform() * CLUSTERS)]!, 0.05);
      const origId = id;
      photo.run(id, folder, `/bench/dups/${id}.jpg`);
      emb.run(id++, MODEL, Buffer.from(original.buffer));
      if (origId % PLANT_EVERY !== 0) continue;
      const copies = 1 + Math.floor(rng.uniform() * 3);
      for (let c = 0; c < copies && id <= n; c++) {
        photo.run(id, folder, `/bench/dups/${id}.jpg`);
        emb.run(id, MODEL, Buffer.from(noisy(original, 0.0085).buffer));
        plantedOf.set(id++, origId);
      }
    }
  })();
  db.close();
  return plantedOf;
}

export const run: BenchFn = async (ctx) => {
  const n = Number(ctx.param ?? (ctx.quick ? 10_000 : 100_000));
  const tmp = await mkdtemp(join(os.tmpdir(), 'shoebox-bench-dups-'));
  try {
    const file = join(tmp, 'catalog.db');
    const plantedOf = fill(file, n);
    const rssBefore = memory().rss;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, memory().rss)), 100);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const t0 = now();
    const groups = await findDuplicateGroups(
      { catalogFile: file, modelId: MODEL, thresholds: { near: 0.95, burst: 0.85, burstSeconds: 10 }, threads: 2 },
      () => undefined,
    );
    const ms = now() - t0;
    lag.disable();
    clearInterval(sampler);
    // Recall: a planted copy counts as found when it shares a group with its original; purity: no group holds two originals.
    const groupOf = new Map<number, number>();
    groups.forEach((g, i) => g.ids.forEach((id) => groupOf.set(id, i)));
    let found = 0;
    for (const [copy, original] of plantedOf) if (groupOf.has(copy) && groupOf.get(copy) === groupOf.get(original)) found++;
    const mixed = groups.filter((g) => new Set(g.ids.map((id) => plantedOf.get(id) ?? id)).size > 1).length;
    return {
      name: `duplicate grouping at ${n.toLocaleString('en')} photos (synthetic ${DIM}-d vectors, ${CLUSTERS} clusters, planted near-copies)`,
      figures: [
        {
          key: `duplicates.${n}.ms`,
          label: 'group every photo (thread: read vectors, int8 neighbours, exact re-score, groups)',
          value: ms / 1000,
          unit: 's',
          target: { op: '<=', value: 60 },
        },
        {
          key: `duplicates.${n}.peak_rss_mb`,
          label: 'peak RSS growth of the process (thread included)',
          value: (peak - rssBefore) / 2 ** 20,
          unit: 'MB',
        },
        {
          key: `duplicates.${n}.recall`,
          label: `planted copies found with their original (${plantedOf.size.toLocaleString('en')})`,
          value: found / Math.max(1, plantedOf.size),
          unit: '',
          target: { op: '>=', value: 0.99 },
        },
        {
          key: `duplicates.${n}.mixed`,
          label: 'groups mixing two unrelated photos',
          value: mixed,
          unit: '',
          target: { op: '<=', value: 0 },
        },
        {
          key: `duplicates.${n}.lag_p99_ms`,
          label: 'API event-loop lag p99 meanwhile',
          value: lag.percentile(99) / 1e6,
          unit: 'ms',
          target: { op: '<=', value: 50 },
        },
      ],
      notes: [
        `${groups.length.toLocaleString('en')} groups. Synthetic photos have no thumbnails, so the picture-hash check (which only removes pairs) is not part of this time.`,
      ],
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
};
