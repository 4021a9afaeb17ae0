/** (f) Capture time, camera, GPS and keywords are read back from files written by sharp and by exiftool. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { parseDate } from '../../main/core/media/exif.js';
import { CORPUS, hasExiftool, tempDir } from './media-helpers.js';
import { skipWithout } from '../helpers/required-tool.js';

const dir = tempDir();
const tagged = join(dir, 'tagged.jpg');
const skipExiftool = skipWithout('exiftool', hasExiftool() ? null : 'it is not installed', 'apt-get install -y libimage-exiftool-perl');

const read = async (file: string) => (await decodePhoto(file, { tensorSize: 16, thumbPath: null })).exif;

beforeAll(async () => {
  const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: '  Shoebox Optics ', Model: 'Model   T1 ' }, IFD2: { DateTimeOriginal: '2021:07:04 15:30:12' } })
    .toBuffer();
  writeFileSync(tagged, jpeg);
});

describe('EXIF from sharp withExif', () => {
  it('reads make, model (trimmed) and DateTimeOriginal as local wall-clock time', async () => {
    const exif = await read(tagged);
    expect(exif.cameraMake).toBe('Shoebox Optics');
    expect(exif.cameraModel).toBe('Model T1');
    expect(exif.takenAt).toBe(new Date(2021, 6, 4, 15, 30, 12).getTime());
    expect([exif.gpsLat, exif.gpsLon, exif.keywords]).toEqual([null, null, []]);
  });
});

describe.skipIf(skipExiftool)('EXIF, IPTC and XMP written by exiftool', () => {
  it('reads signed GPS coordinates, the recorded UTC offset and keywords from all three sources', async () => {
    const file = join(dir, 'gps.jpg');
    copyFileSync(tagged, file);
    execFileSync('exiftool', [
      '-q',
      '-overwrite_original',
      '-GPSLatitude=33.8568',
      '-GPSLatitudeRef=S',
      '-GPSLongitude=151.2153',
      '-GPSLongitudeRef=E',
      '-OffsetTimeOriginal=+10:00',
      '-IPTC:Keywords=beach',
      '-IPTC:Keywords=sunset',
      '-XMP-dc:Subject=beach',
      '-XMP-dc:Subject=family trip',
      '-XMP-lr:HierarchicalSubject=Places|Australia|Sydney',
      file,
    ]);
    const exif = await read(file);
    expect(exif.gpsLat).toBeCloseTo(-33.8568, 6);
    expect(exif.gpsLon).toBeCloseTo(151.2153, 6);
    expect(exif.takenAt).toBe(Date.UTC(2021, 6, 4, 5, 30, 12));
    expect([...exif.keywords].sort()).toEqual(['Places|Australia|Sydney', 'beach', 'family trip', 'sunset']);
    expect(exif.cameraMake).toBe('Shoebox Optics');
  });

  it('falls back to CreateDate when DateTimeOriginal is missing', async () => {
    const file = join(dir, 'create-date.jpg');
    copyFileSync(tagged, file);
    execFileSync('exiftool', ['-q', '-overwrite_original', '-DateTimeOriginal=', '-CreateDate=2019:12:31 23:59:58', file]);
    expect((await read(file)).takenAt).toBe(new Date(2019, 11, 31, 23, 59, 58).getTime());
  });
});

describe('files without metadata', () => {
  it.each(['4.webp', 'animated-loop-3.gif', 'grey-8bit-alpha.png', 'rainbow-451x461.heic'])(
    '%s gives empty EXIF, no error',
    async (name) => {
      const exif = await read(join(CORPUS, name));
      expect([exif.cameraMake, exif.gpsLat, exif.keywords]).toEqual([null, null, []]);
    },
  );
});

describe('parseDate', () => {
  it('reads EXIF and XMP forms, honours offsets and rejects empty dates', () => {
    expect(parseDate('2020:02:29 08:00:00')).toBe(new Date(2020, 1, 29, 8, 0, 0).getTime());
    expect(parseDate('2020-02-29T08:00:00Z')).toBe(Date.UTC(2020, 1, 29, 8, 0, 0));
    expect(parseDate('2020-02-29T08:00:00.250-05:00')).toBe(Date.UTC(2020, 1, 29, 13, 0, 0));
    expect(parseDate('2020:02:29 08:00:00', '+01:00')).toBe(Date.UTC(2020, 1, 29, 7, 0, 0));
    expect(parseDate('0000:00:00 00:00:00')).toBeNull();
    expect(parseDate('    :  :     :  :  ')).toBeNull();
    expect(parseDate(undefined)).toBeNull();
  });
});
