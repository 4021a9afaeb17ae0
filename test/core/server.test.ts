// Browser mode: token required, loopback only, and the media endpoints serve nothing outside the library.
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startServer, type RunningServer } from '../../main/server.js';
import { fixtures } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';
import { recordingLog } from './server-harness.js';

/** A raw GET, so paths like `/../` reach the server unnormalised. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode server', () => {
  let t: TestCore;
  let server: RunningServer;
  let auth: Record<string, string>;
  let outsideId: number;
  let insideId: number;

  beforeAll(async () => {
    const fx = await fixtures();
    t = await tempCore();
    const photos = await t.copyIn(fx.photos, 'photos');
    // A symlink inside the library that leads to a file outside it.
    await mkdir(join(t.root, 'secret'));
    await writeFile(join(t.root, 'secret', 'passwords.jpg'), 'top secret');
    await symlink(join(t.root, 'secret', 'passwords.jpg'), join(photos, 'escape.jpg'));
    must(await t.core.api.addFolder(photos));
    await t.core.idle();
    const rendererDir = join(t.root, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Shoebox</title>');
    server = await startServer({ core: t.core, subscribe: t.subscribe, rendererDir, log: recordingLog() });
    auth = { authorization: `Bearer ${server.token}` };
    const db = new Database(t.paths.catalogFile, { readonly: true });
    outsideId = (db.prepare(`SELECT id FROM photos WHERE path LIKE '%escape.jpg'`).get() as { id: number }).id;
    insideId = (db.prepare(`SELECT id FROM photos WHERE path LIKE '%red-circle-1.jpg'`).get() as { id: number }).id;
    db.close();
  });
  afterAll(async () => {
    await server.close();
    await t.cleanup();
  });

  it('refuses every request without the right token', async () => {
    expect((await get(server.port, '/')).status).toBe(401);
    expect((await get(server.port, '/?token=wrong')).status).toBe(401);
    expect((await get(server.port, `/media/display/${insideId}`)).status).toBe(401);
    const api = await fetch(`http://127.0.0.1:${server.port}/api/status`, { method: 'POST', body: '{"args":[]}' });
    expect(api.status).toBe(401);
    expect((await get(server.port, server.url.slice(server.url.indexOf('/?')))).status).toBe(200);
  });

  it('listens on 127.0.0.1 only: other loopback addresses and every external interface are refused', async () => {
    expect(server.url.startsWith('http://127.0.0.1:')).toBe(true);
    const reaches = (host: string) =>
      new Promise<boolean>((resolve) => {
        const req = request({ host, port: server.port, path: '/', timeout: 2000 }, () => resolve(true));
        req.on('error', () => resolve(false));
        req.on('timeout', () => (req.destroy(), resolve(false)));
        req.end();
      });
    expect(await reaches('127.0.0.1')).toBe(true);
    // Linux routes all of 127.0.0.0/8 to the loopback interface: only a socket bound to 0.0.0.0 would answer here.
    expect(await reaches('127.0.0.2')).toBe(false);
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4');
    for (const i of external) expect(await reaches(i!.address), i!.address).toBe(false);
  });

  it('serves a library photo and refuses paths, traversal and symlinks leading out', async () => {
    expect((await get(server.port, `/media/display/${insideId}`, auth)).status).toBe(200);
    expect((await get(server.port, `/media/thumb/${insideId}`, auth)).status).toBe(200);
    expect((await get(server.port, `/media/display/${outsideId}`, auth)).status).toBe(404);
    for (const bad of [
      '/media/display/../../etc/passwd',
      '/media/display/%2e%2e%2fetc%2fpasswd',
      '/media/display//etc/passwd',
      '/media/thumb/1abc',
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const r = await get(server.port, bad, auth);
      expect([400, 404], bad).toContain(r.status);
      expect(r.body).not.toContain('root:');
    }
  });

  it('logs why a photo could not be shown (undecodable, or the cache folder unusable) and answers 404', async () => {
    const db = new Database(t.paths.catalogFile);
    const idOf = (suffix: string) => (db.prepare('SELECT id FROM photos WHERE path LIKE ?').get(`%${suffix}`) as { id: number }).id;
    const [notImage, good] = [idOf('broken/not-an-image.jpg'), idOf('blue-square-3.jpg')];
    // A photo whose failure is known is refused at once (its reason is already in the catalog); one not read yet is
    // tried, and the decoder's reason is logged.
    expect((await get(server.port, `/media/display/${notImage}`, auth)).status).toBe(404);
    expect(must(await t.core.api.status()).errors.some((e) => e.path.endsWith('broken/not-an-image.jpg'))).toBe(true);
    db.prepare('UPDATE photos SET error = NULL WHERE id = ?').run(notImage);
    // Likewise a photo not read yet (no size known) is shown through a rendition, which needs the cache folder.
    db.prepare('UPDATE photos SET width = NULL, height = NULL WHERE id = ?').run(good);
    db.close();
    expect((await get(server.port, `/media/display/${notImage}`, auth)).status).toBe(404);
    expect(t.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'A photo could not be rendered for display',
        data: expect.objectContaining({ photoId: notImage }),
      }),
    );
    await rm(t.paths.displayDir, { recursive: true, force: true });
    await writeFile(t.paths.displayDir, 'a file where the display cache folder should be');
    try {
      expect((await get(server.port, `/media/display/${good}`, auth)).status).toBe(404);
      expect(t.logs).toContainEqual(
        expect.objectContaining({
          level: 'error',
          message: 'Rendering a photo for display failed',
          data: expect.objectContaining({ photoId: good, cause: expect.stringMatching(/ENOTDIR|EEXIST/) }),
        }),
      );
    } finally {
      await rm(t.paths.displayDir, { force: true });
    }
  });

  it('validates API payloads at the door', async () => {
    const call = (channel: string, body: string) =>
      fetch(`http://127.0.0.1:${server.port}/api/${channel}`, { method: 'POST', body, headers: auth }).then((r) => r.json());
    expect(await call('addFolder', '{"args":[{"path":"/"}]}')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('addFolder', 'not json')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('__proto__', '{"args":[]}')).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('status', '{"args":[]}')).toMatchObject({ ok: true });
  });
});
