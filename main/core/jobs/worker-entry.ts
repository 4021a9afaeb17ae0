/** Finds the indexing child's entry: the bundled .cjs beside a build, or the TypeScript source run through tsx. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A script for `child_process.fork` and the Node flags it needs. */
export interface WorkerEntry {
  file: string;
  execArgv: string[];
}

/** Directory of this module, in both the ESM sources and the CommonJS bundle. */
function here(): string {
  return typeof __dirname !== 'undefined' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

/** A child-process or worker-thread entry of this folder, for the current way of running (bundle or sources). */
export function workerEntry(name: 'index-worker' | 'quantize-worker' | 'vision-thread' | 'status-thread'): WorkerEntry {
  const dir = here();
  const bundled = join(dir, `${name}.cjs`);
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  const tsxLoader = pathToFileURL(createRequire(join(dir, 'x.js')).resolve('tsx')).href;
  return { file: join(dir, `${name}.ts`), execArgv: ['--import', tsxLoader] };
}

/** The index worker's entry. */
export const indexWorkerEntry = (): WorkerEntry => workerEntry('index-worker');

/**
 * Starts a worker thread: the bundle `<bundle>.cjs` beside a build (every bundle sits in one folder), else the
 * TypeScript source `tsEntry` through `ts-thread.mjs`, which registers tsx inside the thread (Node 20 does not apply a
 * parent's `--import` loader to worker threads).
 */
export function startThreadOf(bundle: string, tsEntry: string, data: Record<string, unknown>): Worker {
  const bundled = join(here(), `${bundle}.cjs`);
  if (existsSync(bundled)) return new Worker(bundled, { workerData: data });
  return new Worker(join(here(), 'ts-thread.mjs'), { workerData: { ...data, tsEntry: pathToFileURL(tsEntry).href } });
}

/** Starts a worker-thread entry of this folder (see {@link startThreadOf}). */
export function startThread(name: 'vision-thread' | 'status-thread', data: Record<string, unknown>): Worker {
  return startThreadOf(name, join(here(), `${name}.ts`), data);
}
