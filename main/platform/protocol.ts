/** The `shoebox-media://` protocol: thumbnails and display images by photo id, never by a path from the URL. */
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { mediaScheme } from '../../preload/contract.js';
import { openedWithin } from '../core/media-access.js';
import type { MediaKind, OpenedMedia } from '../core/media-files.js';
import type { Logger } from '../core/ports.js';

export type { MediaKind, OpenedMedia } from '../core/media-files.js';

/** What the handler needs: core's opener (the handler closes what it gets), the folders files must live in, a logger. */
export interface MediaDeps {
  resolveMedia(kind: MediaKind, photoId: number): Promise<OpenedMedia | null>;
  roots(): Promise<string[]>;
  log: Logger;
}

/** Must run before `app` is ready: lets the scheme behave like https for images and `fetch`. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: mediaScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Parses `shoebox-media://thumb/<id>` or `shoebox-media://display/<id>`; null when the URL is anything else. */
export function parseMediaUrl(url: string): { kind: MediaKind; id: number } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${mediaScheme}:`) return null;
  if (parsed.host !== 'thumb' && parsed.host !== 'display') return null;
  const match = /^\/([1-9][0-9]{0,14})$/.exec(parsed.pathname);
  if (match === null) return null;
  return { kind: parsed.host, id: Number(match[1]) };
}

const text = (status: number, body: string): Response =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** Builds the request handler: 400 for a malformed URL, 405 for a non-GET, 404 for anything not served. */
export function createMediaHandler(deps: MediaDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const target = parseMediaUrl(request.url);
    if (target === null) return text(400, `Expected ${mediaScheme}://thumb/<id> or ${mediaScheme}://display/<id>.`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Only GET and HEAD are served.');
    let media: OpenedMedia | null = null;
    try {
      media = await deps.resolveMedia(target.kind, target.id);
      // Checked again through the open descriptor core verified: the bytes streamed are the bytes checked.
      if (media === null || !(await openedWithin(media, await deps.roots()))) return text(404, 'No such image.');
      const headers = {
        'Content-Type': media.contentType,
        'Content-Length': String(media.stats.size),
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      };
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
      if (media.stats.size === 0) return new Response(null, { status: 200, headers });
      // Never more than the size checked, even if the file grows meanwhile; the stream closes the descriptor.
      const body = Readable.toWeb(media.handle.createReadStream({ end: media.stats.size - 1 })) as ReadableStream<Uint8Array>;
      media = null;
      return new Response(body, { status: 200, headers });
    } catch (err) {
      deps.log.error('Serving a photo failed', { url: request.url, error: err instanceof Error ? err.message : String(err) });
      return text(500, 'The image could not be read.');
    } finally {
      await media?.handle.close();
    }
  };
}

/** Serves the media scheme on the default session (call once `app` is ready). */
export function handleMediaProtocol(deps: MediaDeps): void {
  protocol.handle(mediaScheme, createMediaHandler(deps));
}
