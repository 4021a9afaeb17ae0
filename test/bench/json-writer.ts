/** Writes a run's machine record and sections to `bench-results/bench-<date>.json` (gitignored). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineInfo } from './machine.js';
import type { Section } from './types.js';

/** Everything one `npm run bench` run measured. */
export interface BenchResults {
  startedAt: string;
  mode: 'quick' | 'full';
  machine: MachineInfo;
  /** 1-minute load average when the run ended. */
  loadAverageAtEnd: number;
  sections: Section[];
}

/** Writes `results` under `<root>/bench-results/` named by the start time; returns the file path. */
export async function writeResults(root: string, results: BenchResults): Promise<string> {
  const dir = join(root, 'bench-results');
  await mkdir(dir, { recursive: true });
  const stamp = results.startedAt.replace(/[:]/g, '-').replace(/\..+$/, '');
  const file = join(dir, `bench-${stamp}${results.mode === 'quick' ? '-quick' : ''}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
