// Browser mode's doors: Host, Origin, a cookie per instance, hostile WebSocket frames, 413 with keep-alive,
// malformed URLs and queries, and 5xx logging without the token.
import { Agent, request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEventHub } from '../../main/core/events.js';
import { MAX_MESSAGE_BYTES } from '../../main/server/event-stream.js';
import { startServer, type RunningServer } from '../../main/server.js';
import { fixtures } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';
import { closedWith, frame, rawRequest, rawUpgrade, recordingLog } from './server-harness.js';

let t: TestCore;
let server: RunningServer;
let rendererDir: string;
const log = recordingLog();
const hub = createEventHub(log);

beforeAll(async () => {
  t = await tempCore();
  // A model, so searches reach the query parser (without one they stop at "no model").
  must(await t.core.api.useModel(must(await t.core.api.importModel((await fixtures()).immichModel)).id));
  rendererDir = join(t.root, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Shoebox</title>');
  server = await startServer({ core: t.core, subscribe: hub.subscribe, rendererDir, log });
});
afterAll(async () => {
  await server.close();
  await t.cleanup();
});

const bearer = () => ({ authorization: `Bearer ${server.token}` });
const api = (channel: string, body: string, headers: Record<string, string> = {}) =>
  rawRequest(server.port, `/api/${channel}`, {
    method: 'POST',
    body,
    headers: { ...bearer(), 'content-type': 'application/json', ...headers },
  });

/** True when a fresh, well-behaved WebSocket still gets an event: the server survived whatever came before. */
async function eventsStillFlow(): Promise<boolean> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const got = new Promise<string>((resolve) => ws.once('message', (m: Buffer) => resolve(m.toString())));
  hub.emit('libraryChanged', { kind: 'folders' });
  const message = await got;
  ws.close();
  return JSON.parse(message).event === 'libraryChanged';
}

describe('Host and Origin', () => {
  it('answers only requests naming the loopback address and its own port', async () => {
    const path = `/?token=${server.token}`;
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      expect((await rawRequest(server.port, path, { headers: { host } })).status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${server.port}`,
      'evil.example',
      `127.0.0.1:${server.port + 1}`,
      '127.0.0.1',
      `localhost.evil.example:${server.port}`,
    ]) {
      const r = await rawRequest(server.port, path, { headers: { host } });
      expect(r.status, host).toBe(403);
      expect(r.body.toString()).not.toContain('<title>Shoebox');
    }
    const post = await api('status', '{"args":[]}', { host: `evil.example:${server.port}`, origin: `http://evil.example:${server.port}` });
    expect(post.status).toBe(403);
  });

  it('refuses an Origin other than its own, for the API and the event socket', async () => {
    expect((await api('status', '{"args":[]}', { origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
    expect((await api('status', '{"args":[]}', { origin: `http://localhost:${server.port}` })).status).toBe(200);
    for (const origin of ['http://evil.example', `http://127.0.0.1:${server.port + 1}`, 'null', `https://127.0.0.1:${server.port}`]) {
      expect((await api('status', '{"args":[]}', { origin })).status, origin).toBe(403);
    }
    const evilHost = await rawUpgrade(server.port, {
      token: server.token,
      host: `evil.example:${server.port}`,
      origin: `http://evil.example:${server.port}`,
    });
    expect(evilHost.reply).toMatch(/^HTTP\/1.1 403/);
    const evilOrigin = await rawUpgrade(server.port, { token: server.token, origin: 'http://evil.example' });
    expect(evilOrigin.reply).toMatch(/^HTTP\/1.1 403/);
    const good = await rawUpgrade(server.port, { token: server.token, origin: `http://127.0.0.1:${server.port}` });
    expect(good.reply).toMatch(/^HTTP\/1.1 101/);
    good.socket.destroy();
  });
});

describe('cookie per instance', () => {
  it('names the cookie after the port, so two servers never overwrite or accept each other', async () => {
    const other = await startServer({ core: t.core, subscribe: hub.subscribe, rendererDir, log });
    try {
      const a = await rawRequest(server.port, `/?token=${server.token}`);
      const b = await rawRequest(other.port, `/?token=${other.token}`);
      const cookieA = String(a.headers['set-cookie']).split(';')[0]!;
      const cookieB = String(b.headers['set-cookie']).split(';')[0]!;
      expect(cookieA).toBe(`shoebox_token_${server.port}=${server.token}`);
      expect(cookieB).toBe(`shoebox_token_${other.port}=${other.token}`);
      expect(String(a.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Path=\//);
      // A browser sends both cookies to both ports: each server reads only its own.
      const both = `${cookieA}; ${cookieB}`;
      expect((await rawRequest(server.port, '/', { headers: { cookie: both } })).status).toBe(200);
      expect((await rawRequest(other.port, '/', { headers: { cookie: both } })).status).toBe(200);
      expect((await rawRequest(other.port, '/', { headers: { cookie: `shoebox_token_${other.port}=${server.token}` } })).status).toBe(401);
      expect((await rawRequest(server.port, '/', { headers: { cookie: `shoebox_token=${server.token}` } })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('shows a page explaining how to sign in to a browser without a valid sign-in (not raw JSON)', async () => {
    const page = await rawRequest(server.port, '/', { headers: { cookie: `shoebox_token_${server.port}=stale` } });
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body.toString()).toMatch(/shoebox serve/);
    expect(page.body.toString()).toMatch(/\?token=/);
    const apiCall = await rawRequest(server.port, '/api/status', { method: 'POST', body: '{"args":[]}' });
    expect(apiCall.status).toBe(401);
    expect(apiCall.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('event socket frames', () => {
  const cases: [string, (socket: import('node:net').Socket) => void, number][] = [
    ['invalid UTF-8 text', (s) => s.write(frame(Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]))), 1007],
    ['unmasked', (s) => s.write(frame(Buffer.from('hello'), { mask: false })), 1002],
    ['RSV1 set without compression', (s) => s.write(frame(Buffer.from('hello'), { rsv1: true })), 1002],
    ['a 1 MB message', (s) => s.write(frame(Buffer.alloc(1 << 20, 0x61))), 1009],
    ['a message one byte over the limit', (s) => s.write(frame(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x61))), 1009],
    ['a header claiming 2^40 bytes', (s) => s.write(frame(Buffer.alloc(16), { declaredLength: 2 ** 40 })), 1009],
  ];
  for (const [name, send, code] of cases) {
    it(`closes the one socket that sent ${name}, logs it, and keeps serving`, async () => {
      const before = log.lines.length;
      const { socket, reply, received } = await rawUpgrade(server.port, { token: server.token });
      expect(reply).toMatch(/^HTTP\/1.1 101/);
      send(socket);
      expect(await closedWith(socket, received)).toBe(code);
      expect(log.lines.slice(before).some((l) => l.level === 'warn' && /bad frame/.test(l.message))).toBe(true);
      expect((await api('status', '{"args":[]}')).status).toBe(200);
      expect(await eventsStillFlow()).toBe(true);
    });
  }
});

describe('bodies, URLs and queries', () => {
  it('answers 413 for a body over 1 MB, reads it to the end, and the keep-alive connection still works', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: Buffer | string) =>
      new Promise<{ status: number; reused: boolean; text: string }>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: '/api/status',
            method: 'POST',
            agent,
            headers: { ...bearer(), 'content-length': String(Buffer.byteLength(body)) },
          },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket, text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const big = await post(Buffer.alloc(2_000_000, 0x20));
      expect(big.status).toBe(413);
      expect(JSON.parse(big.text)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: expect.stringMatching(/larger than 1,000,000 bytes/) },
      });
      const next = await post('{"args":[]}');
      expect(next).toMatchObject({ status: 200, reused: true });
      expect(JSON.parse(next.text)).toMatchObject({ ok: true });
    } finally {
      agent.destroy();
    }
  });

  it('answers 400 for malformed percent-escapes and overlong UTF-8, with or without the token', async () => {
    for (const path of ['/%zz', '/%', '/%C0%AE%C0%AE/etc/passwd', '/%E0%80%AF', '/%ED%A0%80', '/media/display/%zz', '/api/%zz', '/a%00b']) {
      for (const headers of [{}, bearer()]) {
        const r = await rawRequest(server.port, path, { headers });
        expect(r.status, path).toBe(400);
        expect(JSON.parse(r.body.toString())).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Malformed address' } });
      }
    }
  });

  it('answers a query of separators only, or a huge offset, with a plain invalid_input message', async () => {
    for (const query of [',,,', '+ +', ' , + , ']) {
      const r = JSON.parse((await api('search', JSON.stringify({ args: [{ query }] }))).body.toString());
      expect(r, query).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/words to look for/) } });
    }
    const deep = JSON.parse((await api('search', JSON.stringify({ args: [{ offset: 1e15 }] }))).body.toString());
    expect(deep).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(deep.error.message).not.toMatch(/typed array/i);
  });
});

describe('internal errors', () => {
  it('answers 500 and logs the cause with the path, never the token', async () => {
    const lines = recordingLog();
    const broken = { ...t.core, invoke: async () => Promise.reject(new Error(`disk on fire near ${bad.token}`)) };
    const bad = await startServer({ core: broken, subscribe: hub.subscribe, rendererDir, log: lines, token: 'T'.repeat(32) });
    try {
      const r = await rawRequest(bad.port, `/api/status?token=${bad.token}`, { method: 'POST', body: '{"args":[]}' });
      expect(r.status).toBe(500);
      expect(r.body.toString()).not.toContain(bad.token);
      const logged = lines.lines.filter((l) => l.level === 'error');
      expect(logged).toHaveLength(1);
      expect(logged[0]!.data).toMatchObject({ method: 'POST', path: '/api/status', cause: expect.stringContaining('disk on fire') });
      expect(JSON.stringify(logged)).not.toContain(bad.token);
    } finally {
      await bad.close();
    }
  });
});
