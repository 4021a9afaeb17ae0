/** Guarded reads: the format is judged from the head before any more is read, sizes are capped, bytes in flight bounded. */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteBudget } from '../../main/core/media/byte-budget.js';
import { decodePhoto, MediaError } from '../../main/core/media/decode.js';
import { MAX_FILE_BYTES, readPhotoFile } from '../../main/core/media/read-guard.js';
import { CORPUS, tempDir } from './media-helpers.js';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GB = 1024 ** 3;

/** A sparse file of `size` bytes whose first bytes are `head` (no disk blocks for the rest). */
function sparse(name: string, size: number, head = Buffer.alloc(0)): string {
  const file = join(dir, name);
  const fd = openSync(file, 'w');
  writeSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  execFileSync('truncate', ['-s', String(Math.round(size)), file]);
  return file;
}

async function refusal(
  file: string,
  budget = new ByteBudget(64 * 1024 * 1024),
): Promise<{ message: string; ms: number; rssGrowth: number }> {
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  const err = await readPhotoFile(file, budget).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaError);
  expect(budget.inUse).toBe(0);
  return { message: (err as Error).message, ms: performance.now() - started, rssGrowth: process.memoryUsage().rss - rss };
}

describe('guarded photo reads', () => {
  it('refuses a 1.9 GB file that is no image from its first bytes, without reading it', async () => {
    const r = await refusal(sparse('huge-non-image.jpg', 1.9 * GB));
    expect(r.message).toBe('Not an image (unrecognised file type)');
    expect(r.rssGrowth).toBeLessThan(64 * 1024 * 1024); // reading it whole would add 1.9 GB
  });

  it('refuses a 1.5 GB .jpg that starts like a JPEG from its size, unread', async () => {
    const jpegHead = readFileSync(join(CORPUS, 'flowers.jpeg')).subarray(0, 4096);
    const r = await refusal(sparse('huge.jpg', 1.5 * GB, jpegHead));
    expect(r.message).toBe('Too large to be a JPEG photo: 1.5 GB (the limit is 192 MB), so it is not read');
    expect(r.rssGrowth).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses devices and pipes after a non-blocking open, never reading them', async () => {
    const fifo = join(dir, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    const zero = join(dir, 'zero.jpg');
    symlinkSync('/dev/zero', zero);
    for (const file of [fifo, zero, '/dev/urandom']) {
      const r = await refusal(file);
      expect(r.message, file).toBe('Not a regular file (a device, pipe or socket), so it is never read');
      expect(r.ms, file).toBeLessThan(10_000); // a blocking open of the FIFO would never return
    }
  });

  it('says in words why a file cannot be opened', async () => {
    expect((await refusal(join(dir, 'nothing-here.jpg'))).message).toBe('The file is gone (moved or deleted since the scan)');
    expect((await refusal(sparse('empty.png', 0))).message).toBe('The file is empty (0 bytes)');
  });

  it('reads an ordinary photo whole, holding its size in the budget until released', async () => {
    const file = join(CORPUS, 'flowers.jpeg');
    const budget = new ByteBudget(1024 * 1024);
    const read = await readPhotoFile(file, budget);
    expect(read.buf.equals(readFileSync(file))).toBe(true);
    expect(read.sniffed).toEqual({ kind: 'image', container: 'jpeg' });
    expect(budget.inUse).toBe(read.buf.length);
    read.release();
    read.release();
    expect(budget.inUse).toBe(0);
  });

  it('caps every format well below what would exhaust a process', () => {
    for (const [kind, bytes] of Object.entries(MAX_FILE_BYTES)) expect(bytes, kind).toBeLessThanOrEqual(384 * 1024 * 1024);
  });

  it('a decode of a photo still works through the guard (format, size, hash)', async () => {
    const photo = await decodePhoto(join(CORPUS, 'flowers.jpeg'), { tensorSize: 32, thumbPath: null });
    expect(photo).toMatchObject({ format: 'jpeg', width: 1920, height: 1080 });
    expect(photo.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('byte budget', () => {
  it('grants in order and never holds more than its capacity', async () => {
    const budget = new ByteBudget(100);
    const order: string[] = [];
    const a = await budget.acquire(60);
    const b = budget.acquire(50).then((release) => (order.push('b'), release));
    const c = budget.acquire(10).then((release) => (order.push('c'), release)); // fits, but waits behind b (first come, first served)
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    expect(budget.inUse).toBe(60);
    a();
    const [releaseB, releaseC] = await Promise.all([b, c]);
    expect(order).toEqual(['b', 'c']);
    expect(budget.inUse).toBe(60);
    releaseB();
    releaseC();
    expect(budget.inUse).toBe(0);
  });

  it('lets a request larger than the whole budget run alone', async () => {
    const budget = new ByteBudget(100);
    const small = await budget.acquire(30);
    let bigGranted = false;
    const big = budget.acquire(10_000).then((release) => ((bigGranted = true), release));
    await new Promise((r) => setTimeout(r, 20));
    expect(bigGranted).toBe(false);
    small();
    const releaseBig = await big;
    expect(budget.inUse).toBe(100);
    releaseBig();
    expect(budget.inUse).toBe(0);
  });
});

describe('HEIC decodes', () => {
  it('run one at a time, and a failed one gives its slot back', async () => {
    const good = join(CORPUS, 'with-alpha-512x512.heic');
    const broken = join(dir, 'broken.heic');
    writeFileSync(broken, readFileSync(join(CORPUS, 'example.heic')).subarray(0, 2000));
    const opts = { tensorSize: 16, thumbPath: null };
    const outcomes = await Promise.allSettled([broken, good, broken, good].map((f) => decodePhoto(f, opts)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    // Were a slot leaked, this would wait forever (the test's timeout fails it).
    expect((await decodePhoto(good, opts)).format).toBe('heic');
  });
});
