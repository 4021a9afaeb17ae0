/** Runs one duplicates pass in its own worker thread (the bundled .cjs beside a build, else the TypeScript source). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DuplicateJob, FromDuplicateThread } from './duplicate-worker.js';
import type { RawGroup } from './grouping.js';

function here(): string {
  return typeof __dirname !== 'undefined' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

/** Groups the catalog's photos in a fresh thread; `onProgress` hears photos compared of total. */
export function findDuplicateGroups(job: DuplicateJob, onProgress: (done: number, total: number) => void): Promise<RawGroup[]> {
  const dir = here();
  const bundled = join(dir, 'duplicate-worker.cjs');
  const worker = existsSync(bundled)
    ? new Worker(bundled, { workerData: job })
    : new Worker(join(dir, '..', 'jobs', 'ts-thread.mjs'), {
        workerData: { ...job, tsEntry: pathToFileURL(join(dir, 'duplicate-worker.ts')).href },
      });
  return new Promise<RawGroup[]>((resolve, reject) => {
    worker.on('message', (m: FromDuplicateThread) => {
      if (m.type === 'progress') return onProgress(m.done, m.total);
      void worker.terminate();
      if (m.type === 'done') resolve(m.groups);
      else reject(new Error(m.message));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The duplicates thread stopped (exit code ${code})`)));
  });
}
