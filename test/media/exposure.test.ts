/** Exposure facts for the viewer, read from real files written by sharp and exiftool. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExposure } from '../../main/core/media/exposure.js';
import { formatExposure } from '../../main/core/units.js';
import { skipWithout } from '../helpers/required-tool.js';

const hasExiftool = spawnSync('exiftool', ['-ver']).status === 0;
const noExiftool = skipWithout('exiftool', hasExiftool ? null : 'it is not installed', 'apt-get install -y libimage-exiftool-perl');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoebox-exposure-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readExposure', () => {
  it.skipIf(noExiftool)('reads lens, focal length, aperture, shutter, ISO and flash as exiftool wrote them', async () => {
    const file = join(dir, 'shot.jpg');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#456' } })
      .jpeg()
      .toFile(file);
    execFileSync('exiftool', [
      '-overwrite_original',
      '-LensModel=RF24-105mm F4 L IS USM',
      '-FocalLength=50',
      '-FocalLengthIn35mmFormat=80',
      '-FNumber=4',
      '-ExposureTime=1/250',
      '-ISO=400',
      '-EXIF:Flash#=1',
      file,
    ]);
    const exposure = await readExposure(file);
    expect(exposure).toEqual({
      lens: 'RF24-105mm F4 L IS USM',
      focalLengthMm: 50,
      focalLength35Mm: 80,
      aperture: 4,
      exposureSeconds: 0.004,
      iso: 400,
      flashFired: true,
    });
    expect(formatExposure(exposure!)).toEqual([
      'RF24-105mm F4 L IS USM',
      '50 mm (80 mm equiv.)',
      'ƒ/4',
      '1/250 s',
      'ISO 400',
      'Flash fired',
    ]);
  });

  it('gives null for a photo without exposure facts, a non-image, a missing file and a FIFO (never blocks)', async () => {
    const plain = join(dir, 'plain.png');
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toFile(plain);
    const junk = join(dir, 'junk.jpg');
    await writeFile(junk, 'not an image at all');
    const fifo = join(dir, 'pipe.jpg');
    execFileSync('mkfifo', [fifo]);
    for (const file of [plain, junk, join(dir, 'gone.jpg'), fifo]) expect(await readExposure(file), file).toBeNull();
  });

  it('writes long exposures in seconds', () => {
    const none = { lens: null, focalLengthMm: null, focalLength35Mm: null, aperture: 2.8, iso: null, flashFired: false };
    expect(formatExposure({ ...none, exposureSeconds: 2.5 })).toEqual(['ƒ/2.8', '2.5 s', 'No flash']);
    expect(formatExposure({ ...none, exposureSeconds: 0.5 })).toEqual(['ƒ/2.8', '1/2 s', 'No flash']);
  });
});
