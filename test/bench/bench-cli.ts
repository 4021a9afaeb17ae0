/**
 * How fast the `shoebox` command answers: `shoebox status` on a library of N photos (ctx.param), timed from a shell's
 * point of view (a child process, spawn to exit), against the bundled CLI's 300 ms bar; the run-time TypeScript path
 * it replaced is timed alongside.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openCatalog } from '../../main/core/catalog/db.js';
import { buildCli } from '../../scripts/cli-bundle.mjs';
import { bundleIsFresh } from '../../scripts/cli-stamp.mjs';
import { now, quantile } from './stats.js';
import { fillLibrary } from './synthetic-library.js';
import type { BenchFn, Figure } from './types.js';

const execFileAsync = promisify(execFile);

/** Wall ms of one `node <args>` from spawn to exit (stdout kept out of the timing's way). */
async function wallMs(root: string, args: string[]): Promise<number> {
  const t0 = now();
  await execFileAsync(process.execPath, args, { cwd: root, maxBuffer: 1 << 24 });
  return now() - t0;
}

/** Median and max of `runs` timings of `node <args>`. */
async function timings(root: string, args: string[], runs: number): Promise<{ p50: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await wallMs(root, args));
  return { p50: quantile(ms, 0.5), max: Math.max(...ms) };
}

export const run: BenchFn = async (ctx) => {
  const n = Number(ctx.param ?? 100_000);
  const runs = ctx.quick ? 5 : 9;
  const tmp = await mkdtemp(join(os.tmpdir(), 'shoebox-bench-cli-'));
  const library = join(tmp, 'library');
  try {
    const t0 = now();
    const built = !bundleIsFresh();
    if (built) await buildCli();
    const buildMs = now() - t0;
    const db = openCatalog(join(library, 'catalog.db'));
    fillLibrary(db, n, { read: true });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bin = join(ctx.root, 'bin', 'shoebox.mjs');
    const status = [bin, 'status', '--library', library];
    // The first open checks the whole catalog (it was not closed by Shoebox) and takes the first snapshot.
    const firstMs = await wallMs(ctx.root, status);
    const bundled = await timings(ctx.root, status, runs);
    const help = await timings(ctx.root, [bin, '--help'], runs);
    const bare = await timings(ctx.root, ['-e', '0'], runs);
    const tsx = await timings(ctx.root, ['--import', 'tsx', join(ctx.root, 'main', 'cli.ts'), 'status', '--library', library], 3);
    const ms = (label: string, key: string, value: number, target?: number): Figure => ({
      key: `cli.${n}.${key}`,
      label,
      value,
      unit: 'ms',
      ...(target === undefined ? {} : { target: { op: '<=' as const, value: target } }),
    });
    return {
      name: `command line start at ${n.toLocaleString('en')} photos (wall, spawn to exit, median of ${runs})`,
      figures: [
        ms('`shoebox status` (bundled CLI) p50', 'status_ms', bundled.p50, 300),
        ms('`shoebox status` slowest run', 'status_max_ms', bundled.max),
        ms('`shoebox --help` p50 (Node + the bundle, no library)', 'help_ms', help.p50),
        ms('`node -e 0` p50 (Node alone)', 'node_ms', bare.p50),
        ms('`shoebox status` through tsx (TypeScript compiled at run time, as before) p50 of 3', 'tsx_status_ms', tsx.p50),
        ms('first `shoebox status` on the new catalog (integrity check + first snapshot)', 'first_ms', firstMs),
        ...(built ? [ms('bundling the CLI and its children (it was stale)', 'build_ms', buildMs)] : []),
      ],
      notes: [
        `${n.toLocaleString('en')} photos, every one read, in the library bench's synthetic catalog; no model installed. ` +
          'Load average at start ' +
          os.loadavg()[0]!.toFixed(1) +
          ': other work on the machine lengthens every figure.',
      ],
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
};
