/** decodePhoto takes the scan's hash instead of hashing again, but only while the file has the size and mtime it had. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { CORPUS } from './media-helpers.js';

const file = join(CORPUS, 'flowers.jpeg');
const realHash = createHash('sha256').update(readFileSync(file)).digest('hex');
const { size, mtimeMs } = statSync(file);
const stand = 'f'.repeat(64); // not the file's hash: shows which one decodePhoto reported

describe('the known content hash', () => {
  it('is reported as the hash when the file still has its size and mtime', async () => {
    const photo = await decodePhoto(file, {
      tensorSize: null,
      thumbPath: null,
      knownHash: { sha256: stand, size, mtimeMs: Math.round(mtimeMs) },
    });
    expect(photo.contentHash).toBe(stand);
  });

  it('is ignored for a file whose size or mtime changed since, which is hashed again', async () => {
    for (const changed of [
      { size: size + 1, mtimeMs: Math.round(mtimeMs) },
      { size, mtimeMs: Math.round(mtimeMs) - 1000 },
    ]) {
      const photo = await decodePhoto(file, { tensorSize: null, thumbPath: null, knownHash: { sha256: stand, ...changed } });
      expect(photo.contentHash).toBe(realHash);
    }
  });

  it('is computed when none is known', async () => {
    expect((await decodePhoto(file, { tensorSize: null, thumbPath: null })).contentHash).toBe(realHash);
  });
});
