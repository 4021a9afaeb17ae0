/** Browser mode: the built renderer and the core API over HTTP/WebSocket on 127.0.0.1, behind the doors in server/. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Core } from './core/core.js';
import type { AnyEventListener } from './core/events.js';
import type { Logger } from './core/ports.js';
import { readBody } from './server/body.js';
import { createDoors, type Doors } from './server/doors.js';
import { createEventStream } from './server/event-stream.js';
import { sendError, sendHtml, sendJson, streamOpened } from './server/respond.js';
import { newToken } from './server/sign-in-store.js';
import { signInPage } from './server/sign-in-page.js';
import { decodePathname, serveStatic } from './server/static-files.js';

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
  /** Where every refused socket and every 5xx goes, with its cause (never the token). */
  log: Logger;
  port?: number;
  token?: string;
}

const MAX_BODY_BYTES = 1_000_000;
const DOT_SEGMENT = /(^|\/|\\)(\.|%2e){2}($|\/|\\|%2f|%5c)/i;

/** Starts browser mode on 127.0.0.1 only; every request must name this host and port and carry the token. */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const token = o.token ?? newToken();
  const hide = (text: string): string => text.split(token).join('[token]');
  let doors: Doors | null = null;
  const server = createServer((req, res) => {
    if (doors === null) return void res.destroy(); // not listening yet: no port to check the Host against
    handle(req, res, o, doors).catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      o.log.error('Browser mode could not answer a request', {
        method: req.method,
        path: pathOf(req),
        cause: hide(e.message),
        stack: hide(e.stack ?? ''),
      });
      sendError(res, 500, 'internal', 'Something went wrong on the Shoebox server; the details are in its log.');
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    o.log.warn('Browser mode refused a malformed request', { code: err.code, cause: hide(err.message) });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await listen(server, o.port ?? 0);
  server.on('error', (err) => o.log.error('The browser-mode server had an error', { cause: hide(err.message) }));
  const port = (server.address() as { port: number }).port;
  doors = createDoors(port, token);
  const events = createEventStream(doors, o.subscribe, o.log);
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => events.upgrade(req, socket, head));
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The request's path without its query (where a token may be), for logs. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '').split('?')[0]!.slice(0, 200);
}

async function handle(req: IncomingMessage, res: ServerResponse, o: ServerOptions, doors: Doors): Promise<void> {
  if (!doors.hostAllowed(req))
    return sendError(res, 403, 'invalid_input', `Shoebox only answers at its own address, ${doors.address} (or localhost with that port).`);
  if (!doors.originAllowed(req)) return sendError(res, 403, 'invalid_input', 'Cross-origin request refused');
  const raw = req.url ?? '';
  if (!raw.startsWith('/') || DOT_SEGMENT.test(raw)) return sendError(res, 400, 'invalid_input', 'Malformed address');
  const url = new URL(raw, 'http://127.0.0.1');
  const path = decodePathname(url.pathname);
  if (path === null) return sendError(res, 400, 'invalid_input', 'Malformed address');
  const isApi = path.startsWith('/api/');
  const isMedia = path.startsWith('/media/');
  if (!doors.authorised(req, url.searchParams)) {
    if (isApi || isMedia || req.method !== 'GET') return sendError(res, 401, 'invalid_input', 'Missing or wrong token');
    return sendHtml(res, 401, signInPage());
  }
  if (isApi) return answerApi(req, res, o, path.slice('/api/'.length));
  if (isMedia) return answerMedia(res, o, path);
  if (url.searchParams.has('token')) res.setHeader('Set-Cookie', doors.signInCookie());
  return serveStatic(res, o.rendererDir, path, (err) => o.log.error('Reading a renderer file failed', { path, cause: err.message }));
}

async function answerApi(req: IncomingMessage, res: ServerResponse, o: ServerOptions, channel: string): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'invalid_input', 'Use POST');
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body.ok) return sendError(res, 413, 'invalid_input', `The request is larger than ${MAX_BODY_BYTES.toLocaleString('en')} bytes.`);
  let parsed: unknown;
  try {
    parsed = body.bytes.length ? JSON.parse(body.bytes.toString('utf8')) : {};
  } catch {
    return sendError(res, 400, 'invalid_input', 'The request body is not valid JSON');
  }
  const args = (parsed as { args?: unknown } | null)?.args;
  return sendJson(res, 200, await o.core.invoke(channel, args));
}

async function answerMedia(res: ServerResponse, o: ServerOptions, path: string): Promise<void> {
  const media = /^\/media\/(thumb|display)\/([1-9]\d{0,14})$/.exec(path);
  if (!media) return sendError(res, 400, 'invalid_input', 'Malformed media address');
  const opened = await o.core.resolveMedia(media[1] as 'thumb' | 'display', Number(media[2]));
  if (!opened) return sendError(res, 404, 'not_found', 'No such photo');
  streamOpened(res, opened, opened.contentType, 'private, max-age=3600', (err) =>
    o.log.error('Reading a photo for browser mode failed', { path, cause: err.message }),
  );
}
