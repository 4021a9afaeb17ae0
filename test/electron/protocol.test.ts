/** The media protocol: URL parsing, 400/404/405, and serving only resolved files inside the library roots. */
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { protocol, resetElectron } from './electron-stub.js';
import {
  createMediaHandler,
  handleMediaProtocol,
  parseMediaUrl,
  registerMediaScheme,
  type OpenedMedia,
} from '../../main/platform/protocol.js';
import { openRegularFile, realPathOf } from '../../main/core/media-access.js';
import { recordingLogger } from './recording-logger.js';

vi.mock('electron', () => import('./electron-stub.js'));

let dir: string;
let files: Map<number, { file: string; contentType: string }>;
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoebox-protocol-'));
  await mkdir(join(dir, 'library', 'cache', 'thumbs'), { recursive: true });
  await mkdir(join(dir, 'outside'));
  await writeFile(join(dir, 'library', 'cache', 'thumbs', '1.jpg'), jpeg);
  await writeFile(join(dir, 'outside', 'secret.jpg'), 'not yours');
  await symlink(join(dir, 'outside', 'secret.jpg'), join(dir, 'library', 'link.jpg'));
  files = new Map([
    [1, { file: join(dir, 'library', 'cache', 'thumbs', '1.jpg'), contentType: 'image/jpeg' }],
    [2, { file: join(dir, 'outside', 'secret.jpg'), contentType: 'image/jpeg' }],
    [3, { file: join(dir, 'library', 'link.jpg'), contentType: 'image/jpeg' }],
    [4, { file: join(dir, 'library', 'cache', 'thumbs', 'gone.jpg'), contentType: 'image/jpeg' }],
  ]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Opens a file the way core does (once, real path read through the descriptor) without judging where it lies. */
async function openAs(f: { file: string; contentType: string } | undefined): Promise<OpenedMedia | null> {
  const opened = f ? await openRegularFile(f.file) : null;
  return opened && { ...opened, realPath: await realPathOf(opened, f!.file), contentType: f!.contentType };
}

function handler() {
  const log = recordingLogger();
  const asked: [string, number][] = [];
  const handle = createMediaHandler({
    resolveMedia: async (kind, id) => {
      asked.push([kind, id]);
      if (id === 99) throw new Error('disk on fire');
      return openAs(files.get(id));
    },
    roots: async () => [join(dir, 'library')],
    log,
  });
  return { handle, log, asked };
}

describe('parseMediaUrl', () => {
  it('reads the kind and a positive integer id, nothing else', () => {
    expect(parseMediaUrl('shoebox-media://thumb/12')).toEqual({ kind: 'thumb', id: 12 });
    expect(parseMediaUrl('shoebox-media://display/7?v=2')).toEqual({ kind: 'display', id: 7 });
    for (const bad of [
      'shoebox-media://thumb/0',
      'shoebox-media://thumb/-1',
      'shoebox-media://thumb/1.5',
      'shoebox-media://thumb/abc',
      'shoebox-media://original/1',
      'shoebox-media://thumb/1/../../etc/passwd',
      'https://thumb/1',
      'shoebox-media://thumb/',
      'shoebox-media://thumb/99999999999999999999',
      'not a url',
    ]) {
      expect(parseMediaUrl(bad), bad).toBeNull();
    }
  });
});

describe('createMediaHandler', () => {
  it('streams a resolved file inside the roots with its content type', async () => {
    const { handle, asked } = handler();
    const res = await handle(new Request('shoebox-media://thumb/1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-length')).toBe(String(jpeg.length));
    expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);
    expect(asked).toEqual([['thumb', 1]]);
  });

  it('answers 400 for a malformed URL without asking core', async () => {
    const { handle, asked } = handler();
    const res = await handle(new Request('shoebox-media://thumb/..%2F..%2Fetc%2Fpasswd'));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/thumb\/<id>/);
    expect(asked).toEqual([]);
  });

  it('answers 404 for unknown ids, files outside the roots, symlinks leading out and vanished files', async () => {
    const { handle } = handler();
    for (const id of [5, 2, 3, 4]) {
      const res = await handle(new Request(`shoebox-media://display/${id}`));
      expect(res.status, `id ${id}`).toBe(404);
      expect(await res.text()).not.toContain('not yours');
    }
  });

  it('streams the descriptor it checked even when the path is swapped for a symlink leading out meanwhile', async () => {
    const log = recordingLogger();
    const photo = join(dir, 'library', 'cache', 'thumbs', 'swap.jpg');
    await writeFile(photo, jpeg);
    const handle = createMediaHandler({
      resolveMedia: async () => {
        const opened = await openAs({ file: photo, contentType: 'image/jpeg' });
        // The attacker's swap lands right after core opened and checked the file.
        await symlink(join(dir, 'outside', 'secret.jpg'), photo + '.link');
        await rename(photo + '.link', photo);
        return opened;
      },
      roots: async () => [join(dir, 'library')],
      log,
    });
    const res = await handle(new Request('shoebox-media://thumb/7'));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(jpeg);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const { handle } = handler();
    const head = await handle(new Request('shoebox-media://thumb/1', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(jpeg.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const post = await handle(new Request('shoebox-media://thumb/1', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
  });

  it('logs a failing resolver and answers 500', async () => {
    const { handle, log } = handler();
    const res = await handle(new Request('shoebox-media://thumb/99'));
    expect(res.status).toBe(500);
    expect(log.entries).toEqual([expect.objectContaining({ level: 'error', data: expect.objectContaining({ error: 'disk on fire' }) })]);
  });
});

describe('registration', () => {
  beforeEach(resetElectron);

  it('registers the scheme as standard, secure and fetchable, and serves it', async () => {
    registerMediaScheme();
    expect(protocol.privileged).toEqual([{ scheme: 'shoebox-media', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const { log } = handler();
    handleMediaProtocol({ resolveMedia: () => openAs(files.get(1)), roots: async () => [join(dir, 'library')], log });
    const res = await protocol.handlers.get('shoebox-media')!(new Request('shoebox-media://thumb/1'));
    expect(res.status).toBe(200);
  });
});
