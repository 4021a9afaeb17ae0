/** Finds the indexing child's entry: the bundled .cjs beside a build, or the TypeScript source run through tsx. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A script for `child_process.fork` and the Node flags it needs. */
export interface WorkerEntry {
  file: string;
  execArgv: string[];
}

/** Directory of this module, in both the ESM sources and the CommonJS bundle. */
function here(): string {
  return typeof __dirname !== 'undefined' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

/** A child-process entry of this folder (`index-worker`, `quantize-worker`) for the current way of running. */
export function workerEntry(name: 'index-worker' | 'quantize-worker'): WorkerEntry {
  const dir = here();
  const bundled = join(dir, `${name}.cjs`);
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  const tsxLoader = pathToFileURL(createRequire(join(dir, 'x.js')).resolve('tsx')).href;
  return { file: join(dir, `${name}.ts`), execArgv: ['--import', tsxLoader] };
}

/** The index worker's entry. */
export const indexWorkerEntry = (): WorkerEntry => workerEntry('index-worker');
