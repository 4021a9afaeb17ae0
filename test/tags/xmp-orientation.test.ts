/** The person's rotation in XMP sidecars: composed with the file's own orientation, read back with exiftool. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_XMP } from '../../main/core/tags/xmp-document.js';
import { composeOrientation, setXmpOrientation } from '../../main/core/tags/xmp-orientation.js';
import { skipWithout } from '../helpers/required-tool.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

const hasExiftool = spawnSync('exiftool', ['-ver']).status === 0;
const noExiftool = skipWithout('exiftool', hasExiftool ? null : 'it is not installed', 'apt-get install -y libimage-exiftool-perl');
const orientation = (file: string): string => execFileSync('exiftool', ['-s3', '-n', '-XMP-tiff:Orientation', file]).toString().trim();

describe('composeOrientation', () => {
  it('turns the file’s own orientation further, mirrored ones included', () => {
    expect([1, 6, 3, 8].map((o) => composeOrientation(o, 90))).toEqual([6, 3, 8, 1]);
    expect(composeOrientation(1, -90)).toBe(8);
    expect(composeOrientation(2, 90)).toBe(7);
    expect(composeOrientation(5, 90)).toBe(2);
    expect(composeOrientation(6, 0)).toBe(6);
  });
});

describe('setXmpOrientation', () => {
  it('adds the element with its namespace, or rewrites an element or attribute in place, leaving the rest', () => {
    const added = setXmpOrientation(EMPTY_XMP, 6);
    expect(added).toContain(`xmlns:tiff='http://ns.adobe.com/tiff/1.0/'`);
    expect(added).toContain('<tiff:Orientation>6</tiff:Orientation>');
    expect(setXmpOrientation(added, 3)).toBe(added.replace('>6<', '>3<'));
    const attr = EMPTY_XMP.replace(`rdf:about=''`, `rdf:about='' xmlns:t='http://ns.adobe.com/tiff/1.0/' t:Orientation='8' x='1'`);
    expect(setXmpOrientation(attr, 1)).toBe(attr.replace(`t:Orientation='8'`, `t:Orientation='1'`));
  });
});

describe.skipIf(noExiftool)('sidecars of turned photos', () => {
  let t: TestCore;
  let photo: string;
  beforeAll(async () => {
    t = await tempCore();
    const dir = join(t.root, 'photos');
    await mkdir(dir);
    photo = join(dir, 'turn.jpg');
    await sharp({ create: { width: 60, height: 40, channels: 3, background: '#369' } })
      .jpeg()
      .toFile(photo);
    must(await t.core.api.addFolder(dir));
    await t.core.idle();
    must(await t.core.api.updateSettings({ writeXmp: true }));
  });
  afterAll(() => t.cleanup());

  it('get tiff:Orientation when the photo is turned, and follow it back to upright', async () => {
    const id = must(await t.core.api.listPhotos({ offset: 0, limit: 5 })).photos[0]!.id;
    must(await t.core.api.addTags({ photoIds: [id], names: ['Sea'] }));
    const sidecar = join(t.root, 'photos', 'turn.xmp');
    await expect.poll(() => readFile(sidecar, 'utf8').catch(() => ''), { timeout: 20_000 }).toContain('Sea');
    expect(orientation(sidecar)).toBe('');
    must(await t.core.api.rotatePhotos({ photoIds: [id], quarterTurns: 1 }));
    await expect.poll(() => orientation(sidecar), { timeout: 20_000 }).toBe('6');
    must(await t.core.api.rotatePhotos({ photoIds: [id], quarterTurns: -1 }));
    await expect.poll(() => orientation(sidecar), { timeout: 20_000 }).toBe('1');
    expect(execFileSync('exiftool', ['-s3', '-XMP-dc:Subject', sidecar]).toString().trim()).toBe('Sea');
  });
});
