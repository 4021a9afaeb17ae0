/** Re-scan of an unchanged library: the first scan inserts every file, the second (measured) finds nothing to do. */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openCatalog } from '../../main/core/catalog/db.js';
import { createLibrary } from '../../main/core/library/library.js';
import { silentLogger } from '../../main/core/ports.js';
import { now } from './stats.js';
import type { BenchFn } from './types.js';

const PER_DIR = 1000;

/**
 * `count` small distinct JPEGs in nested folders (`a00/b000/…`), cached. Each gets unique trailing bytes of a unique
 * length (up to 20k sizes), so content hashes and sizes differ as real photos' do: the move detector compares
 * same-size files, and 100k files of one size would turn the first scan quadratic.
 */
async function ensureTree(root: string, count: number): Promise<string> {
  const dir = join(root, '.cache', 'bench-rescan', String(count));
  if (existsSync(join(dir, '.complete'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const base = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#5a8' } })
    .jpeg()
    .toBuffer();
  const padding = Buffer.alloc(20_000, 0x20);
  for (let i = 0; i < count; i += PER_DIR) {
    const sub = join(tmp, `a${String(Math.floor(i / 10_000)).padStart(2, '0')}`, `b${String(Math.floor(i / PER_DIR)).padStart(3, '0')}`);
    await mkdir(sub, { recursive: true });
    const writes: Promise<void>[] = [];
    for (let j = i; j < Math.min(count, i + PER_DIR); j++) {
      const tail = Buffer.concat([Buffer.from(`#${j}`), padding.subarray(0, j % 20_000)]);
      writes.push(writeFile(join(sub, `IMG_${j}.jpg`), Buffer.concat([base, tail])));
    }
    await Promise.all(writes);
  }
  await writeFile(join(tmp, '.complete'), '');
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return dir;
}

/** Scans the tree into a fresh library, then times re-scans of the unchanged tree. */
export const run: BenchFn = async (ctx) => {
  const count = ctx.quick ? 20_000 : 100_000;
  const tTree = now();
  const tree = await ensureTree(ctx.root, count);
  const treeMs = now() - tTree;
  const tmp = await mkdtemp(join(os.tmpdir(), 'shoebox-bench-rescan-'));
  const db = openCatalog(join(tmp, 'catalog.db'));
  try {
    let queued = 0;
    const library = createLibrary({ db, log: silentLogger, emit: () => undefined, onIndexNeeded: (ids) => void (queued += ids.length) });
    const t0 = now();
    const added = await library.addFolder(tree);
    const firstMs = now() - t0;
    if (!added.ok) throw new Error(`addFolder failed: ${added.error.message}`);
    if (queued !== count) throw new Error(`first scan queued ${queued} of ${count} files`);
    const rescans: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t = now();
      const again = await library.scanFolder(added.value.id);
      rescans.push(now() - t);
      if (!again.ok) throw new Error(`re-scan failed: ${again.error.message}`);
    }
    if (queued !== count) throw new Error(`a re-scan of an unchanged tree queued ${queued - count} photos`);
    return {
      name: `re-scan: unchanged library of ${count} files${ctx.quick ? ' (QUICK: 20k instead of 100k)' : ''}`,
      figures: [
        { key: 'rescan.first_s', label: `first scan (walk, hash, insert ${count} photos)`, value: firstMs / 1000, unit: 's' },
        { key: 'rescan.s', label: `RE-SCAN of unchanged ${count} files`, value: Math.min(...rescans) / 1000, unit: 's' },
        { key: 'rescan.per_file_us', label: 're-scan cost per file', value: (Math.min(...rescans) / count) * 1000, unit: 'µs' },
      ],
      notes: [
        `tree: ${count / PER_DIR} folders × ${PER_DIR} small JPEGs (${treeMs > 1000 ? `generated in ${(treeMs / 1000).toFixed(0)} s` : 'cached'}); re-scans: ${rescans.map((ms) => (ms / 1000).toFixed(2)).join(' s, ')} s (best reported)`,
      ],
    };
  } finally {
    db.close();
    await rm(tmp, { recursive: true, force: true });
  }
};
