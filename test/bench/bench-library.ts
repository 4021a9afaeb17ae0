/**
 * The library's own bookkeeping at N photos (ctx.param): the reading stage's catalog work (queue every photo, record
 * each read as the index child does, in a worker) and the per-call queries the UI polls meanwhile (status counts,
 * coverage, missing groups, photo pages), with the API thread's event-loop lag while they run.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';
import { countJobs } from '../../main/core/catalog/jobs.js';
import { countEmbedded } from '../../main/core/catalog/embeddings.js';
import { folderTree } from '../../main/core/catalog/folder-tree.js';
import { listErrors, listPhotoPage, missingGroups, photoCounts } from '../../main/core/catalog/photo-queries.js';
import { readStatusCounts, StatusCounter } from '../../main/core/api/status-counts.js';
import { keyCoverage } from '../../main/core/jobs/coverage.js';
import { countRead, enqueueUnread } from '../../main/core/jobs/media-jobs.js';
import { memory, now, quantile } from './stats.js';
import {
  fillLibrary,
  LIBRARY_DIRS as DIRS,
  LIBRARY_MISSING_SHARE as MISSING_SHARE,
  LIBRARY_MODEL as MODEL,
  LIBRARY_NEXT_MODEL as NEXT_MODEL,
} from './synthetic-library.js';
import type { BenchFn, Figure } from './types.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function fileBytes(file: string): number {
  return ['', '-wal'].reduce((s, ext) => s + (existsSync(file + ext) ? statSync(file + ext).size : 0), 0);
}

/** The queries one status poll runs (status-counts.ts) against the catalog, by name, for the per-part figures. */
const STATUS_PARTS: Record<string, (db: Db) => unknown> = {
  'counts + errors': (db) => photoCounts(db, NEXT_MODEL),
  'error list': (db) => listErrors(db, NEXT_MODEL),
  read: (db) => countRead(db),
  embedded: (db) => countEmbedded(db, MODEL),
  jobs: (db) => countJobs(db),
  'switch coverage': (db) => keyCoverage(db, NEXT_MODEL),
};

/** One status poll as the API answers it (a model switch in progress: NEXT_MODEL active, MODEL serving). */
async function statusPoll(counter: StatusCounter, db: Db): Promise<void> {
  await counter.count({ active: NEXT_MODEL, serving: MODEL });
  countJobs(db);
}

/** Median wall ms of 7 status polls and the event-loop lag p99 while they ran back to back. */
async function pollMs(counter: StatusCounter, db: Db): Promise<{ p50: number; lagP99: number }> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const ms: number[] = [];
  lag.enable();
  for (let i = 0; i < 7; i++) {
    const t0 = now();
    await statusPoll(counter, db);
    ms.push(now() - t0);
  }
  lag.disable();
  return { p50: quantile(ms, 0.5), lagP99: lag.percentile(99) / 1e6 };
}

/** Median and max ms of `runs` calls of `fn`. */
function callMs(fn: () => unknown, runs = 7): { p50: number; max: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    fn();
    ms.push(now() - t0);
  }
  return { p50: quantile(ms, 0.5), max: Math.max(...ms) };
}

/** Runs the reading stage in a worker while this thread polls status every second (the UI: at most every 3 s). */
async function readingStage(
  file: string,
  db: Db,
  counter: StatusCounter,
): Promise<{ ms: number; read: number; lagP99: number; pollP50: number; walPeak: number }> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const polls: number[] = [];
  let walPeak = 0;
  const timer = setInterval(() => {
    const t0 = now();
    void statusPoll(counter, db).then(() => polls.push(now() - t0));
    walPeak = Math.max(walPeak, existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  }, 1000);
  lag.enable();
  const t0 = now();
  const worker = new Worker(new URL('../../main/core/jobs/ts-thread.mjs', import.meta.url), {
    workerData: { file, tsEntry: pathToFileURL(join(import.meta.dirname, 'library-reader.ts')).href },
  });
  const read = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const ms = now() - t0;
  lag.disable();
  clearInterval(timer);
  await worker.terminate();
  return { ms, read, lagP99: lag.percentile(99) / 1e6, pollP50: quantile(polls, 0.5), walPeak };
}

export const run: BenchFn = async (ctx) => {
  const n = Number(ctx.param ?? (ctx.quick ? 10_000 : 100_000));
  const tmp = await mkdtemp(join(os.tmpdir(), 'shoebox-bench-library-'));
  const file = join(tmp, 'catalog.db');
  try {
    const db = openCatalog(file);
    fillLibrary(db, n);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const before = fileBytes(file);
    const rssBefore = memory().rss;
    const t0 = now();
    const queued = enqueueUnread(db);
    const enqueueMs = now() - t0;
    const counter = new StatusCounter({ db, catalogFile: file, log: silent, offThread: true });
    const stage = await readingStage(file, db, counter);
    if (stage.read !== queued || countRead(db) !== queued) throw new Error(`read ${stage.read} of ${queued} queued photos`);
    const growth = fileBytes(file) - before;
    const status = await pollMs(counter, db);
    await counter.close();
    const inline = callMs(() => readStatusCounts(db, { active: NEXT_MODEL, serving: MODEL }));
    const groups = callMs(() => missingGroups(db));
    const first = callMs(() => listPhotoPage(db, { offset: 0, limit: 200, missing: false }));
    const deep = callMs(() => listPhotoPage(db, { offset: Math.floor(n * 0.8), limit: 200, missing: false }));
    const folder = callMs(() => listPhotoPage(db, { offset: 0, limit: 200, missing: false, folderId: 1 }));
    const tree = callMs(() => folderTree(db));
    const orders = (['added', 'name', 'size'] as const).map((sort) => ({
      sort,
      deep: callMs(() => listPhotoPage(db, { offset: Math.floor(n * 0.8), limit: 200, sort })),
    }));
    const yearDir = callMs(() => listPhotoPage(db, { offset: 0, limit: 200, dir: '/bench/a/y2', recursive: true }));
    const oneDir = callMs(() => listPhotoPage(db, { offset: 0, limit: 200, dir: '/bench/a/y2/d2', sort: 'name' }));
    const parts = Object.entries(STATUS_PARTS).map(([name, part]) => ({ name, ms: callMs(() => part(db)).p50 }));
    const peakRss = memory().rss - rssBefore;
    db.close();
    const ms = (label: string, key: string, v: number, target?: number): Figure => ({
      key: `library.${n}.${key}`,
      label,
      value: v,
      unit: 'ms',
      ...(target === undefined ? {} : { target: { op: '<=' as const, value: target } }),
    });
    return {
      name: `library bookkeeping at ${n.toLocaleString('en')} photos (reading stage without decodes, the UI's polled queries)`,
      figures: [
        ms('queue every unread photo for reading', 'enqueue_ms', enqueueMs),
        ms(`reading stage: claim + record ${queued.toLocaleString('en')} reads (worker, 8 per claim)`, 'read_stage_ms', stage.ms),
        { key: `library.${n}.read_us`, label: 'catalog work per photo read', value: (stage.ms * 1000) / queued, unit: 'µs' },
        { key: `library.${n}.growth_bytes`, label: 'catalog growth per photo read', value: growth / queued, unit: 'B' },
        ms(
          'API event-loop lag p99 during the reading stage (status polled every second, counted on the status thread)',
          'lag_p99_ms',
          stage.lagP99,
          50,
        ),
        ms('one status poll during the reading stage (p50, wall)', 'poll_during_ms', stage.pollP50),
        { key: `library.${n}.wal_peak_mb`, label: 'largest write-ahead log seen meanwhile', value: stage.walPeak / 2 ** 20, unit: 'MB' },
        ms('one status poll after (counts, errors, read, embedded, jobs, coverage) p50, wall', 'status_ms', status.p50),
        ms('API event-loop lag p99 while status is polled back to back', 'status_lag_p99_ms', status.lagP99, 50),
        ms('the same counts read on the calling thread instead (what each poll would block), p50', 'status_inline_ms', inline.p50),
        ...parts.map((x) => ms(`  of which ${x.name} p50`, `status_${x.name.replace(/\W+/g, '_')}_ms`, x.ms)),
        ms('missing photos grouped by directory p50', 'missing_groups_ms', groups.p50, 50),
        ms('photo page 1 (kept folders, newest first) p50', 'page_first_ms', first.p50, 50),
        ms('photo page at 80 % depth p50', 'page_deep_ms', deep.p50, 50),
        ms('photo page of one folder p50', 'page_folder_ms', folder.p50, 50),
        ms(`folder tree with counts (${DIRS} directories) p50`, 'folder_tree_ms', tree.p50, 50),
        ...orders.map((o) => ms(`photo page at 80 % depth sorted by ${o.sort} p50`, `page_${o.sort}_ms`, o.deep.p50, 50)),
        ms('photo page of a directory with its subdirectories (10 % of the library) p50', 'page_dir_tree_ms', yearDir.p50, 50),
        ms('photo page of one directory by name p50', 'page_dir_ms', oneDir.p50, 50),
        { key: `library.${n}.rss_mb`, label: 'RSS growth of the API process', value: peakRss / 2 ** 20, unit: 'MB' },
      ],
      notes: [
        `${n.toLocaleString('en')} photos in ${DIRS} directories under 10 year folders of 2 folders, ${MISSING_SHARE * 100} % missing, every one embedded by one model and half by a second (a switch in progress).`,
        'Decoding is measured by the nomodel and pipeline benches; this one isolates the catalog work that grows with the library.',
      ],
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
};
