// A FIFO or a link to a device at a sidecar's name is never opened for a blocking read: reading and writing move on.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSidecarKeywords, writeSidecarTags } from '../../main/core/tags/xmp.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoebox-sidecar-fifo-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('sidecars that are not regular files', () => {
  it('reads no keywords from a FIFO or /dev/zero named like a sidecar, without hanging', async () => {
    const photo = join(dir, 'IMG_1.jpg');
    await writeFile(photo, 'jpeg bytes');
    execFileSync('mkfifo', [join(dir, 'IMG_1.xmp')]);
    await symlink('/dev/zero', join(dir, 'IMG_1.jpg.xmp'));
    expect(await readSidecarKeywords(photo)).toEqual([]);
  });

  it('refuses to write over a FIFO at the sidecar name, with a plain reason', async () => {
    const photo = join(dir, 'IMG_2.jpg');
    await writeFile(photo, 'jpeg bytes');
    execFileSync('mkfifo', [join(dir, 'IMG_2.xmp')]);
    await expect(writeSidecarTags(photo, ['Beach'], true)).rejects.toThrow(/not an XMP file Shoebox can read/);
  });
});
