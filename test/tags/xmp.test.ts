/** XMP sidecars checked with the real exiftool: flat and hierarchical keywords, other fields kept, keywords read back. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importKeywords, photoTagNames, readSidecarKeywords, writeSidecarTags } from '../../main/core/tags/xmp.js';
import { makeCatalog } from '../search/catalog-fixture.js';

function exif(file: string): Record<string, unknown> {
  return (JSON.parse(execFileSync('exiftool', ['-j', '-XMP:all', file], { encoding: 'utf8' })) as Record<string, unknown>[])[0]!;
}
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => `${x as string}`) : v === undefined ? [] : [`${v as string}`]);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shoebox-xmp-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('XMP sidecars', () => {
  it('writes nothing when the setting is off', async () => {
    const photo = join(dir, 'IMG_1.jpg');
    writeFileSync(photo, 'jpeg bytes');
    expect(await writeSidecarTags(photo, ['Animals/Dog'], false)).toBeNull();
    expect(existsSync(join(dir, 'IMG_1.xmp'))).toBe(false);
  });

  it('creates IMG_1.xmp that exiftool reads, and never touches the original', async () => {
    const photo = join(dir, 'IMG_1.jpg');
    writeFileSync(photo, 'jpeg bytes');
    const path = await writeSidecarTags(photo, ['Animals/Dog', 'Holiday', 'Places/France/Paris & Co'], true);
    expect(path).toBe(join(dir, 'IMG_1.xmp'));
    const tags = exif(path!);
    expect(list(tags.Subject).sort()).toEqual(['Dog', 'Holiday', 'Paris & Co']);
    expect(list(tags.HierarchicalSubject).sort()).toEqual(['Animals|Dog', 'Holiday', 'Places|France|Paris & Co']);
    expect(list(tags.TagsList).sort()).toEqual(['Animals/Dog', 'Holiday', 'Places/France/Paris & Co']);
    expect(readFileSync(photo, 'utf8')).toBe('jpeg bytes');
    expect((await readSidecarKeywords(photo)).sort()).toEqual(['Animals/Dog', 'Holiday', 'Places/France/Paris & Co']);
  });

  it('merges into an existing darktable-style sidecar, keeping its Rating and Title', async () => {
    const photo = join(dir, 'IMG_2.jpg');
    writeFileSync(photo, 'jpeg bytes');
    const sidecar = `${photo}.xmp`;
    execFileSync('exiftool', ['-q', '-XMP-xmp:Rating=4', '-XMP-dc:Title=Trip', '-XMP-dc:Subject=Old', '-XMP-xmp:Label=Red', sidecar]);
    expect(await writeSidecarTags(photo, ['Animals/Cat', 'Old'], true)).toBe(sidecar);
    const tags = exif(sidecar);
    expect(tags.Rating).toBe(4);
    expect(tags.Title).toBe('Trip');
    expect(tags.Label).toBe('Red');
    expect(list(tags.Subject).sort()).toEqual(['Cat', 'Old']);
    expect(list(tags.HierarchicalSubject).sort()).toEqual(['Animals|Cat', 'Old']);
    expect(existsSync(join(dir, 'IMG_2.xmp'))).toBe(false);
  });

  it('imports keywords as imported tags, hierarchical ones as levels', () => {
    const cat = makeCatalog();
    try {
      const id = cat.addPhoto({ colour: 'red' });
      expect(importKeywords(cat.db, id, ['Places|France|Paris', 'Paris', 'Sunset', ' bad\u0001 '])).toBe(2);
      expect(photoTagNames(cat.db, id)).toEqual(['Places/France/Paris', 'Sunset']);
      const sources = cat.db.prepare('SELECT DISTINCT source FROM photo_tags').all();
      expect(sources).toEqual([{ source: 'imported' }]);
    } finally {
      cat.close();
    }
  });
});
