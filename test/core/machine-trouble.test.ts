/** Which failures belong to the machine (wait and retry) and which to the photo (recorded as its error). */
import { describe, expect, it } from 'vitest';
import { machineTrouble, troubleMessage } from '../../main/core/jobs/machine-trouble.js';
import { MediaError } from '../../main/core/media/media-error.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('machineTrouble', () => {
  it('calls a full disk by its name however it is reported: errno, SQLite, or libvips text', () => {
    for (const err of [
      withCode('ENOSPC: no space left on device, write', 'ENOSPC'),
      withCode('database or disk is full', 'SQLITE_FULL'),
      new Error('/x/thumbs/1.webp: write error\nsystem error: No space left on device'),
      withCode('EDQUOT: disk quota exceeded', 'EDQUOT'),
    ])
      expect(machineTrouble(err, '/lib')).toEqual({ kind: 'disk_full', dir: '/lib' });
  });

  it('treats a share that stopped answering or too many open files as passing', () => {
    expect(machineTrouble(withCode('ENOTCONN', 'ENOTCONN'), '/lib')).toEqual({ kind: 'io', code: 'ENOTCONN' });
    expect(machineTrouble(withCode('EMFILE', 'EMFILE'), '/lib')).toEqual({ kind: 'io', code: 'EMFILE' });
  });

  it('leaves the photo’s own failures to the photo', () => {
    for (const err of [
      new MediaError('Not an image: the file holds text'),
      withCode('EACCES: permission denied', 'EACCES'),
      withCode('ENOENT: no such file', 'ENOENT'),
      'a string thrown',
    ])
      expect(machineTrouble(err, '/lib')).toBeNull();
  });

  it('says what to do in plain words', () => {
    expect(troubleMessage({ kind: 'disk_full', dir: '/lib' }, 0)).toBe(
      'The disk is full (0 B free): indexing is paused and goes on by itself once space is freed on the drive holding /lib.',
    );
    expect(troubleMessage({ kind: 'io', code: 'ENOTCONN' }, null)).toMatch(/^Indexing is waiting: .* It tries again by itself\.$/);
  });
});
