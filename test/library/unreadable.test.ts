/** Every file is accounted for: devices, pipes, odd names, overlong paths are skipped with a reason, never read. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listUnreadable } from '../../main/core/catalog/skipped-files.js';
import { harness, photoAt, photoCount, waitFor, writePhoto, type Harness } from './harness.js';

let h: Harness;
let root: string;
beforeEach(async () => {
  h = harness();
  root = join(h.dir, 'roots', 'Pictures');
  for (let i = 0; i < 7; i++) await writePhoto(join(root, `photo-${i}.jpg`), { r: 30 * i, g: 100, b: 200 - 20 * i });
});
afterEach(() => h.close());

async function addRoot(): Promise<number> {
  const res = await h.library.addFolder(root);
  if (!res.ok) throw new Error(res.error.message);
  return res.value.id;
}

function reasons(): Record<string, string> {
  return Object.fromEntries(listUnreadable(h.db).map((s) => [s.path, s.reason]));
}

describe('files that are not regular files', () => {
  it('links to /dev/zero and /dev/urandom, a FIFO and a link to a FIFO: the scan ends and each is skipped with a reason', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'shoebox-fifo-'));
    execFileSync('mkfifo', [join(outside, 'pipe')]);
    execFileSync('mkfifo', [join(root, 'pipe.jpg')]);
    symlinkSync('/dev/zero', join(root, 'zero.jpg'));
    symlinkSync('/dev/urandom', join(root, 'random.png'));
    symlinkSync(join(outside, 'pipe'), join(root, 'to-pipe.heic'));
    symlinkSync(join(outside, 'nowhere.jpg'), join(root, 'broken.jpg'));
    await addRoot(); // a read of any of them would never return: the test's timeout would fail it
    rmSync(outside, { recursive: true, force: true });
    expect(photoCount(h.db)).toBe(7);
    const link = 'Link to a device, pipe or socket (not a regular file), so it is never read';
    expect(reasons()).toEqual({
      [join(root, 'zero.jpg')]: link,
      [join(root, 'random.png')]: link,
      [join(root, 'to-pipe.heic')]: link,
      [join(root, 'pipe.jpg')]: 'Not a regular file (a named pipe), so it is never read',
      [join(root, 'broken.jpg')]: 'Broken link: what it points to does not exist',
    });
  });
});

describe('odd names and paths', () => {
  it('a file and a folder whose names are not UTF-8 are listed with their bytes escaped', async () => {
    const bad = Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x6a, 0x70, 0x67]); // "f\xff\xfe.jpg"
    const rootBytes = Buffer.from(root + '/');
    writeFileSync(Buffer.concat([rootBytes, bad]), 'not read');
    const badDir = Buffer.concat([rootBytes, Buffer.from([0x64, 0xc3, 0x28])]); // "d\xc3(": a broken 2-byte sequence
    mkdirSync(badDir);
    writeFileSync(Buffer.concat([badDir, Buffer.from('/inside.jpg')]), 'not read');
    await addRoot();
    expect(photoCount(h.db)).toBe(7);
    expect(reasons()).toEqual({
      [join(root, 'f\\xff\\xfe.jpg')]: 'The file name is not valid UTF-8 text, so it cannot be opened: rename it to index it',
      [join(root, 'd\\xc3(')]: 'The folder name is not valid UTF-8 text, so nothing in it is indexed: rename it',
    });
  });

  it('a photo at a 4,000-character path is indexed; one beyond the system limit is skipped with the reason', async () => {
    const segment = 'long-folder-name-'.padEnd(240, 'x');
    let deep = root;
    while (deep.length + segment.length + 12 < 4000) deep = join(deep, segment);
    deep = join(deep, 'x'.repeat(4000 - deep.length - 2 - 'p.jpg'.length));
    const longPhoto = join(deep, 'p.jpg');
    expect(longPhoto.length).toBe(4000);
    await writePhoto(longPhoto, { r: 1, g: 2, b: 3 });
    // Beyond PATH_MAX (4,096 bytes) a path cannot be used whole: it is made step by step from relative paths.
    const tooDeep = join(deep, 'y'.repeat(120));
    execFileSync('bash', [
      '-c',
      `cd "$1" && mkdir y && cd y && mkdir ${'z'.repeat(200)} && cp "$2" ${'z'.repeat(200)}/far.jpg`,
      '-',
      deep,
      join(root, 'photo-0.jpg'),
    ]);
    execFileSync('bash', ['-c', `cd "$1" && mv y "$2"`, '-', deep, tooDeep.slice(deep.length + 1)]);
    const longName = `${'w'.repeat(150)}.jpg`; // its folder opens; the file's whole path is too long
    execFileSync('bash', ['-c', 'cd "$1" && cp "$2" "$3"', '-', deep, join(root, 'photo-1.jpg'), longName]);
    const tooLongFile = join(deep, longName);
    try {
      await addRoot();
      const row = photoAt(h.db, longPhoto);
      expect(row?.presence).toBe('present');
      expect(photoCount(h.db)).toBe(8);
      expect(reasons()).toEqual({
        [tooDeep]: `Folder path is too long to open (${tooDeep.length} characters), so nothing in it is indexed`,
        [tooLongFile]: `The path is too long to open (${tooLongFile.length} characters)`,
      });
    } finally {
      // rm of the whole path would fail: each is removed from inside its folder
      execFileSync('bash', ['-c', 'cd "$1" && rm -rf "$2" "$3"', '-', deep, tooDeep.slice(deep.length + 1), longName]);
    }
  });
});

describe('while watching', () => {
  it('a FIFO and a link to /dev/zero that appear are skipped with a reason, never read', async () => {
    await addRoot();
    await h.library.startWatching({ reconcile: false });
    execFileSync('mkfifo', [join(root, 'late-pipe.jpg')]);
    symlinkSync('/dev/zero', join(root, 'late-zero.jpg'));
    await writePhoto(join(root, 'late-photo.jpg'), { r: 9, g: 9, b: 9 });
    await waitFor('the new photo', () => photoAt(h.db, join(root, 'late-photo.jpg')));
    const notRegular = 'Not a regular file (a device, pipe or socket), so it is never read';
    await waitFor('both skipped', () => listUnreadable(h.db).length === 2);
    expect(reasons()).toEqual({ [join(root, 'late-pipe.jpg')]: notRegular, [join(root, 'late-zero.jpg')]: notRegular });
    expect(photoCount(h.db)).toBe(8);
  });
});
