/** Small library rules: file kinds, network file-system detection, watch-limit errors, content hashes. */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyFile, formatOf, isIgnoredName, skipReason } from '../../main/core/library/file-kinds.js';
import { hashFile, hashFiles } from '../../main/core/library/identity.js';
import { decideWatchMode, describeInterval, fsTypeOf, isWatchLimitError, watchLimitDecision } from '../../main/core/library/watch-mode.js';

describe('file kinds', () => {
  it('classifies photos (incl. RAW), skips videos/sidecars/others, ignores hidden and system litter', () => {
    for (const p of ['/a/x.JPG', '/a/x.jpe', '/a/x.heic', '/a/x.tiff', '/a/x.avif', '/a/x.CR3', '/a/x.dng', '/a/x.rw2', '/a/x.srw']) {
      expect(classifyFile(p), p).toBe('photo');
    }
    for (const p of ['/a/x.mp4', '/a/x.MOV', '/a/x.xmp', '/a/x.aae', '/a/readme', '/a/x.pdf']) expect(classifyFile(p), p).toBe('skip');
    for (const p of ['/a/.x.jpg', '/a/Thumbs.db', '/a/desktop.ini', '/a/.DS_Store', '/a/@eaDir', '/a/$RECYCLE.BIN']) {
      expect(classifyFile(p), p).toBe('ignore');
    }
    expect(isIgnoredName('.git')).toBe(true);
    expect(isIgnoredName('Holidays')).toBe(false);
    expect([formatOf('/a/b.JPG'), formatOf('/a/b.tif'), formatOf('/a/b.nef'), formatOf('/a/b.mp4')]).toEqual(['jpeg', 'tiff', 'nef', null]);
    expect([skipReason('/a/b.mts'), skipReason('/a/b.thm'), skipReason('/a/b.zip'), skipReason('/a/README')]).toEqual([
      'Video (not indexed)',
      'Sidecar file (not indexed)',
      'Not a photo (.zip)',
      'Not a photo (no extension)',
    ]);
  });
});

describe('watch mode', () => {
  const mounts = [
    'sysfs /sys sysfs rw 0 0',
    '/dev/vda / ext4 rw 0 0',
    'server:/export /mnt/nas nfs4 rw 0 0',
    '//pc/share /mnt/my\\040share cifs rw 0 0',
    'u@h:/ /home/me/remote fuse.sshfs rw 0 0',
  ].join('\n');

  it('finds the file system of a path by its longest mount point', () => {
    expect(fsTypeOf('/home/me/Pictures', mounts)).toBe('ext4');
    expect(fsTypeOf('/mnt/nas/photos/2020', mounts)).toBe('nfs4');
    expect(fsTypeOf('/mnt/nasty', mounts)).toBe('ext4');
    expect(fsTypeOf('/mnt/my share/x', mounts)).toBe('cifs');
    expect(fsTypeOf('/home/me/remote', mounts)).toBe('fuse.sshfs');
  });

  it('polls network drives, uses events on local disks, and honours a forced mode', () => {
    expect(decideWatchMode('/x', undefined, 'ext4')).toEqual({ mode: 'events', reason: null });
    expect(decideWatchMode('/x', undefined, 'nfs4')).toMatchObject({
      mode: 'polling',
      reason: expect.stringMatching(/Network drive \(nfs4\)/),
    });
    expect(decideWatchMode('/x', undefined, 'cifs').mode).toBe('polling');
    expect(decideWatchMode('/x', 'rescan', 'ext4').mode).toBe('rescan');
    expect(decideWatchMode('/x', undefined, null).mode).toBe('events');
  });

  it('recognises the OS watch-limit errors', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect([isWatchLimitError(err('ENOSPC')), isWatchLimitError(err('EMFILE')), isWatchLimitError(err('EACCES'))]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('explains the watch-limit fallback with the real rescan interval', () => {
    expect([describeInterval(300), describeInterval(45_000), describeInterval(5 * 60_000)]).toEqual(['300 ms', '45 s', '5 min']);
    expect(watchLimitDecision('ENOSPC', 5 * 60_000)).toEqual({
      mode: 'rescan',
      reason: expect.stringMatching(/limit on watched files was reached \(ENOSPC\); Shoebox rescans this folder every 5 min instead/),
    });
  });
});

describe('content hash', () => {
  it('streams SHA-256 of small, chunk-sized and empty files; unreadable files hash to null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shoebox-hash-'));
    try {
      const big = Buffer.alloc((1 << 20) * 2 + 17, 7);
      const files = { small: Buffer.from('hello'), big, empty: Buffer.alloc(0) };
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      for (const [name, bytes] of Object.entries(files)) {
        expect(await hashFile(join(dir, name)), name).toBe(createHash('sha256').update(bytes).digest('hex'));
      }
      const many = await hashFiles([join(dir, 'small'), join(dir, 'nope')]);
      expect(many.get(join(dir, 'small'))).toBe(createHash('sha256').update('hello').digest('hex'));
      expect(many.get(join(dir, 'nope'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
