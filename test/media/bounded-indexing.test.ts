// Bounded resources and clean output through the real CLI: huge files refused unread, peak RSS under 1.5 GB; --json stays JSON.
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryStatus } from '../../preload/contract.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { CORPUS } from './media-helpers.js';
import { watchPeakMemory } from './process-memory.js';

const BIN = fileURLToPath(new URL('../../bin/shoebox.mjs', import.meta.url));
const GB = 1024 ** 3;
/** The stated bound for any process of an indexing run, whatever the files. */
const RSS_BOUND = 1.5 * GB;

/** Runs `shoebox index <folder> --json` in its own library; resolves with its output, exit code and peak memory. */
function indexJson(
  root: string,
  folder: string,
  model: string,
): Promise<{ stdout: string; stderr: string; code: number | null; peaks: { name: string; peakBytes: number }[] }> {
  const child = spawn(process.execPath, [BIN, 'index', folder, '--model', model, '--json', '--library', join(root, 'lib')], {
    env: { ...process.env, SHOEBOX_MODELS: join(root, 'models') },
  });
  const memory = watchPeakMemory(child.pid!);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      memory.stop();
      resolve({ stdout, stderr, code, peaks: [...memory.byPid.values()] });
    }),
  );
}

/** A sparse file: `head` at the start, holes up to `size` bytes. */
function sparse(file: string, size: number, head = Buffer.alloc(0)): void {
  const fd = openSync(file, 'w');
  writeSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  execFileSync('truncate', ['-s', String(Math.round(size)), file]);
}

let fx: FixtureManifest;
const root = mkdtempSync(join(tmpdir(), 'shoebox-bounded-'));
beforeAll(async () => {
  fx = await fixtures();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('indexing hostile files through the CLI', () => {
  it('three 1.9 GB non-images and a 1.5 GB .jpg beside real photos and a CR3: each refused with its reason, peak RSS under 1.5 GB', async () => {
    const dir = join(root, 'big');
    mkdirSync(dir);
    for (const name of ['flowers.jpeg', 'Portrait_1.jpg', '4.webp']) copyFileSync(join(CORPUS, name), join(dir, name));
    copyFileSync(join(CORPUS, '..', 'raw', 'canon-eos-r6.cr3'), join(dir, 'canon.cr3'));
    for (const name of ['zeros-1.jpg', 'zeros-2.png', 'zeros-3.heic']) sparse(join(dir, name), 1.9 * GB);
    sparse(join(dir, 'huge.jpg'), 1.5 * GB, readFileSync(join(CORPUS, 'flowers.jpeg')).subarray(0, 4096));

    const run = await indexJson(root, dir, fx.immichModel);
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout) as LibraryStatus;
    expect(status.counts).toMatchObject({ photos: 8, indexed: 4, errors: 4, pending: 0 });
    const reasons = Object.fromEntries(status.errors.map((e) => [e.path.slice(dir.length + 1), e.reason]));
    expect(reasons).toEqual({
      'zeros-1.jpg': 'Not an image (unrecognised file type)',
      'zeros-2.png': 'Not an image (unrecognised file type)',
      'zeros-3.heic': 'Not an image (unrecognised file type)',
      'huge.jpg': 'Too large to be a JPEG photo: 1.5 GB (the limit is 192 MB), so it is not read',
    });
    for (const p of run.peaks) console.log(`peak RSS ${(p.peakBytes / 2 ** 20).toFixed(0)} MB  ${p.name}`);
    const indexChild = run.peaks.find((p) => p.name.includes('index-worker'));
    expect(indexChild, run.peaks.map((p) => p.name).join(', ')).toBeDefined();
    for (const p of run.peaks) expect(p.peakBytes, p.name).toBeLessThan(RSS_BOUND);
  }, 300_000);

  it('a hostile HEIC whose decoder prints to stdout: `index --json` still prints only JSON', async () => {
    const dir = join(root, 'heic');
    mkdirSync(dir);
    copyFileSync(join(CORPUS, 'rainbow-451x461.heic'), join(dir, 'good.heic'));
    writeFileSync(join(dir, 'hostile.heic'), readFileSync(join(CORPUS, 'example.heic')).subarray(0, 2000)); // extents past the end
    symlinkSync('/dev/zero', join(dir, 'endless.heic'));
    const run = await indexJson(join(root, 'heic-run'), dir, fx.immichModel);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Decoding image failed'); // libheif did print: it went to stderr
    const status = JSON.parse(run.stdout) as LibraryStatus; // throws if anything but JSON reached stdout
    expect(run.stdout.trimStart().startsWith('{')).toBe(true);
    expect(status.counts).toMatchObject({ indexed: 1, errors: 1 });
    expect(status.errors[0]).toMatchObject({ path: join(dir, 'hostile.heic'), reason: 'The image data is truncated or corrupt' });
    const notRead = {
      path: join(dir, 'endless.heic'),
      reason: 'Link to a device, pipe or socket (not a regular file), so it is never read',
    };
    expect(status.unreadable).toEqual([notRead]);
    const text = execFileSync(process.execPath, [BIN, 'status', '--library', join(root, 'heic-run', 'lib')], {
      encoding: 'utf8',
      env: { ...process.env, SHOEBOX_MODELS: join(root, 'heic-run', 'models') },
    });
    expect(text).toContain(`– ${notRead.path}: ${notRead.reason}`);
    expect(text).toContain('skipped 1');
  }, 300_000);
});
