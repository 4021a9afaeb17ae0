/** Photos before models: a folder of 12-MP JPEGs added with no model; first 100 thumbnails, read rate, API lag. */
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { JobProgress } from '../../preload/contract.js';
import { createCore } from '../../main/core/core.js';
import { resolvePaths } from '../../main/core/paths.js';
import { silentLogger } from '../../main/core/ports.js';
import { ensurePhotos } from './bench-photos.js';
import { now } from './stats.js';
import type { BenchFn } from './types.js';

const FIRST_SCREEN = 100;

/** `count` photos as hard links to the cached 12-MP JPEGs (each a separate file the library reads and decodes). */
async function folderOf(root: string, count: number): Promise<string> {
  const pool = await ensurePhotos(root, 24);
  const dir = join(root, '.cache', 'bench-nomodel', String(count));
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const target = join(dir, `IMG_${String(i).padStart(5, '0')}.jpg`);
    if (!existsSync(target)) await link(pool.files[i % pool.files.length]!, target);
  }
  return dir;
}

/** Adds the folder to a fresh library with no model and waits until every photo has its thumbnail and metadata. */
export const run: BenchFn = async (ctx) => {
  const count = ctx.quick ? 200 : 1000;
  const folder = await folderOf(ctx.root, count);
  const tmp = await mkdtemp(join(os.tmpdir(), 'shoebox-bench-nomodel-'));
  const paths = resolvePaths({ libraryDir: join(tmp, 'library'), env: { SHOEBOX_MODELS: join(tmp, 'models') } });
  let firstScreenAt: number | null = null;
  let firstReadAt: number | null = null;
  let lastReadAt = 0;
  let doneSeen = 0;
  const onProgress = (p: JobProgress): void => {
    if (p.stage !== 'reading' || p.done <= doneSeen) return;
    const t = now();
    firstReadAt ??= t;
    lastReadAt = t;
    doneSeen = p.done;
    if (firstScreenAt === null && p.done >= FIRST_SCREEN) firstScreenAt = t;
  };
  const core = await createCore({
    paths,
    log: silentLogger,
    emit: (event, payload) => event === 'jobProgress' && onProgress(payload as JobProgress),
  });
  try {
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const t0 = now();
    const added = await core.api.addFolder(folder);
    if (!added.ok) throw new Error(added.error.message);
    const scannedAt = now();
    await core.idle();
    lag.disable();
    const status = await core.api.status();
    if (!status.ok || status.value.counts.read !== count)
      throw new Error(`read ${status.ok ? status.value.counts.read : '?'} of ${count} photos`);
    const rate = firstReadAt !== null && lastReadAt > firstReadAt ? ((doneSeen - 1) / (lastReadAt - firstReadAt)) * 1000 : 0;
    return {
      name: `no model: ${count} × 12-MP JPEGs read (thumbnail + EXIF) before any model is installed${ctx.quick ? ' (QUICK: 200 instead of 1,000)' : ''}`,
      figures: [
        { key: 'nomodel.scan_s', label: `add folder → ${count} photos listed`, value: (scannedAt - t0) / 1000, unit: 's' },
        {
          key: 'nomodel.first_screen_s',
          label: `add folder → first ${FIRST_SCREEN} thumbnails written`,
          value: ((firstScreenAt ?? lastReadAt) - t0) / 1000,
          unit: 's',
        },
        { key: 'nomodel.read_rate', label: 'READ rate without a model (thumbnail + metadata)', value: rate, unit: 'photos/s' },
        { key: 'nomodel.total_s', label: `add folder → all ${count} read`, value: (lastReadAt - t0) / 1000, unit: 's' },
        {
          key: 'nomodel.lag_p99_ms',
          label: 'API event-loop lag p99 meanwhile',
          value: lag.percentile(99) / 1e6,
          unit: 'ms',
          target: { op: '<=', value: 50 },
        },
      ],
      notes: [
        'Same index child and decode as the embedding pipeline, without the tensor and the model: compare READ rate with the PIPELINE rates above.',
        `Photos are ${count} hard links to 24 distinct 4000×3000 JPEGs (~5 MB each); thumbnails are written oldest job first, not in the grid's order.`,
      ],
    };
  } finally {
    await core.close();
    await rm(tmp, { recursive: true, force: true });
  }
};
