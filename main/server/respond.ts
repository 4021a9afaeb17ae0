/** Browser mode's answers: JSON results, the sign-in page, and files streamed from an already-checked descriptor. */
import type { ServerResponse } from 'node:http';
import type { OpenedFile } from '../core/media-access.js';

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Sends a JSON body with `status`; ends the response quietly if headers already went out. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...securityHeaders });
  res.end(JSON.stringify(body));
}

/** Sends `{ ok: false, error: { code, message } }` with `status`. */
export function sendError(res: ServerResponse, status: number, code: 'invalid_input' | 'not_found' | 'internal', message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/** Sends a small HTML page (the sign-in explanation) with `status`. */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders });
  res.end(html);
}

/**
 * Streams exactly the `stats.size` bytes of a file opened (and checked) earlier, then closes it. `onError` hears a
 * read failure (the response is then cut short, as its length was already promised).
 */
export function streamOpened(
  res: ServerResponse,
  opened: OpenedFile,
  contentType: string,
  cache: string,
  onError: (err: Error) => void,
): void {
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': String(opened.stats.size),
    'Cache-Control': cache,
    ...securityHeaders,
  });
  if (opened.stats.size === 0) {
    res.end();
    void opened.handle.close();
    return;
  }
  const stream = opened.handle.createReadStream({ end: opened.stats.size - 1 });
  stream.once('error', (err) => {
    onError(err);
    res.destroy();
  });
  res.once('close', () => stream.destroy());
  stream.pipe(res);
}
