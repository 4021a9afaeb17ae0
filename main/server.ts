/** Browser mode: the built renderer and the core API over HTTP/WebSocket on 127.0.0.1, protected by a random token. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import type { AnyEventListener } from './core/events.js';
import type { Core } from './core/core.js';

/** A running browser-mode server. */
export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Options for {@link startServer}. */
export interface ServerOptions {
  core: Core;
  subscribe(listener: AnyEventListener): () => void;
  rendererDir: string;
  port?: number;
  token?: string;
}

const COOKIE = 'shoebox_token';
const MAX_BODY = 1_000_000;
const staticTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Starts browser mode on 127.0.0.1 only; every request must carry the token (query, bearer header or cookie). */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const token = o.token ?? randomBytes(24).toString('base64url');
  const server = createServer((req, res) => {
    handle(req, res, o, token).catch(() => send(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } }));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/events' || !authorised(req, url, token) || !sameOrigin(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const off = o.subscribe((event, payload) => ws.send(JSON.stringify({ event, payload })));
      ws.on('close', off);
    });
  });
  await listen(server, o.port ?? 0);
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, o: ServerOptions, token: string): Promise<void> {
  if (/(^|\/|\\)(\.|%2e){2}($|\/|\\|%2f|%5c)/i.test(req.url ?? '')) {
    return send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'Bad path' } });
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (!authorised(req, url, token)) return send(res, 401, { ok: false, error: { code: 'invalid_input', message: 'Missing or wrong token' } });
  if (url.pathname.startsWith('/api/')) {
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'invalid_input', message: 'Use POST' } });
    if (!sameOrigin(req)) return send(res, 403, { ok: false, error: { code: 'invalid_input', message: 'Cross-origin request refused' } });
    const body = await readJson(req);
    if (body === undefined) return send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'The request body is not valid JSON' } });
    const args = (body as { args?: unknown } | null)?.args;
    return send(res, 200, await o.core.invoke(url.pathname.slice(5), args));
  }
  const media = /^\/media\/(thumb|display)\/(\d{1,15})$/.exec(url.pathname);
  if (media) {
    const found = await o.core.resolveMedia(media[1] as 'thumb' | 'display', Number(media[2]));
    if (!found) return send(res, 404, { ok: false, error: { code: 'not_found', message: 'No such photo' } });
    return streamFile(res, found.file, found.contentType, 'private, max-age=3600');
  }
  if (url.pathname.startsWith('/media/')) return send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'Malformed media URL' } });
  if (url.searchParams.get('token') === token) {
    res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
  }
  return serveStatic(res, o.rendererDir, url.pathname);
}

async function serveStatic(res: ServerResponse, root: string, pathname: string): Promise<void> {
  const rel = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^([/\\])+/, '');
  if (rel.split(sep).includes('..')) return send(res, 400, { ok: false, error: { code: 'invalid_input', message: 'Bad path' } });
  const file = join(root, rel);
  const type = staticTypes[extname(file)];
  try {
    if (type && (await stat(file)).isFile()) return streamFile(res, file, type, 'no-cache');
  } catch {
    // fall through to the app shell
  }
  if (!extname(rel)) return streamFile(res, join(root, 'index.html'), staticTypes['.html']!, 'no-cache');
  return send(res, 404, { ok: false, error: { code: 'not_found', message: 'Not found' } });
}

function streamFile(res: ServerResponse, file: string, contentType: string, cache: string): void {
  const stream = createReadStream(file);
  stream.once('open', () => {
    res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': cache, ...securityHeaders });
    stream.pipe(res);
  });
  stream.once('error', () => send(res, 404, { ok: false, error: { code: 'not_found', message: 'Not found' } }));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...securityHeaders });
  res.end(JSON.stringify(body));
}

/** Token from `?token=`, `Authorization: Bearer`, or the cookie set when the app was first opened. */
function authorised(req: IncomingMessage, url: URL, token: string): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const cookie = (req.headers.cookie ?? '').split(/;\s*/).find((c) => c.startsWith(COOKIE + '='))?.slice(COOKIE.length + 1);
  const given = url.searchParams.get('token') ?? bearer ?? cookie;
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses browser requests from other origins (a page elsewhere cannot drive the API even with a leaked cookie). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  return origin === `http://${req.headers.host}`;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
  } catch {
    return undefined;
  }
}
