/**
 * A full disk under a real library: `unshare -rm` mounts a small tmpfs for the catalog and thumbnails, the child fills
 * it and reads the fixture photos; indexing must pause with a plain message, leave every photo read or queued (none
 * failed), and finish by itself once space is freed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobProgress, LibraryStatus } from '../../preload/contract.js';
import { fixtures } from '../helpers/fixtures.js';
import { skipWithout } from '../helpers/required-tool.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./disk-full-child.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Null when `unshare -rm` can mount a tmpfs here, else why not. */
function probeTmpfs(): string | null {
  if (process.platform !== 'linux') return `needs Linux mount namespaces (this is ${process.platform})`;
  const r = spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=1m tmpfs /mnt && echo mounted'], { encoding: 'utf8' });
  if (r.error) return `could not run unshare (${r.error.message})`;
  return r.stdout.trim() === 'mounted' ? null : `unshare -rm could not mount a tmpfs (exit ${r.status}: ${r.stderr.trim()})`;
}

const skip = skipWithout(
  'unshare (mount namespaces)',
  probeTmpfs(),
  'apt-get install -y util-linux, and allow unprivileged user namespaces',
);
const dir = mkdtempSync(join(tmpdir(), 'shoebox-disk-full-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ChildResult {
  total: number;
  /** Photos search can find once space came back. */
  indexed: number;
  whileFull: JobProgress;
  state: { read: number; failed: number; pending: number };
  after: LibraryStatus['counts'];
  problemAfter: string | null;
  /** The problem of the last progress event the app was sent. */
  lastEvent: string | null | undefined;
}

describe('a full disk', () => {
  it.skipIf(skip).each([
    ['reading without a model', false],
    ['embedding with the fixture model', true],
  ])(
    '%s: pauses with a plain message, fails no photo, and goes on by itself once space is freed',
    async (_, withModel) => {
      const fx = await fixtures();
      const mount = join(dir, withModel ? 'model' : 'plain');
      mkdirSync(mount);
      const args = [mount, fx.photos, ...(withModel ? [fx.immichModel] : [])].map((a) => `"${a}"`).join(' ');
      const script = `mount -t tmpfs -o size=16m tmpfs "${mount}" && exec "${process.execPath}" --import "${TSX}" "${CHILD}" ${args}`;
      const { stdout } = await run('unshare', ['-rm', 'sh', '-c', script], { maxBuffer: 1 << 24, timeout: 170_000 });
      const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
      const good = fx.photosManifest.photos.length;
      expect(r.whileFull.problem).toMatch(/^The disk is full \(.+ free\): indexing is paused and goes on by itself once space is freed/);
      // Every photo is read or still queued while the disk is full; none was failed for the machine's fault.
      expect(r.state.failed).toBe(0);
      expect(r.state.read).toBeLessThan(good);
      expect(r.state.read + r.state.pending).toBe(r.total);
      // After the filler went: every good photo read, only the broken files failed (for their own reasons), no message left.
      expect(r.after.read).toBe(good);
      expect(r.after.errors).toBe(r.total - good);
      expect(r.indexed).toBe(withModel ? good : 0);
      expect(r.problemAfter).toBeNull();
      expect(r.lastEvent).toBeNull();
    },
    180_000,
  );
});
