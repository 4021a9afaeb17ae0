/** Runs one duplicates pass in its own worker thread (the bundled .cjs beside a build, else the TypeScript source). */
import { fileURLToPath } from 'node:url';
import { startThreadOf } from '../jobs/worker-entry.js';
import type { DuplicateJob, FromDuplicateThread } from './duplicate-worker.js';
import type { RawGroup } from './grouping.js';

/** Groups the catalog's photos in a fresh thread; `onProgress` hears photos compared of total. */
export function findDuplicateGroups(job: DuplicateJob, onProgress: (done: number, total: number) => void): Promise<RawGroup[]> {
  const worker = startThreadOf('duplicate-worker', fileURLToPath(new URL('./duplicate-worker.ts', import.meta.url)), { ...job });
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
