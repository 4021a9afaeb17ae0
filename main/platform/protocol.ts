/** The `shoebox-media://` protocol: thumbnails and display images by photo id, never by a path from the URL. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { mediaScheme } from '../../preload/contract.js';
import { isInsideRoots } from '../core/media-access.js';
import type { Logger } from '../core/ports.js';

/** The two renditions the renderer asks for. */
export type MediaKind = 'thumb' | 'display';

/** A file core chose to serve for a photo. */
export interface MediaFile {
  file: string;
  contentType: string;
}

/** What the handler needs: core's resolver, the folders files must live in, and a logger. */
export interface MediaDeps {
  resolveMedia(kind: MediaKind, photoId: number): Promise<MediaFile | null>;
  roots(): Promise<string[]>;
  log: Logger;
}

/** Must run before `app` is ready: lets the scheme behave like https for images and `fetch`. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: mediaScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
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
    try {
      const media = await deps.resolveMedia(target.kind, target.id);
      if (media === null || !(await isInsideRoots(media.file, await deps.roots()))) return text(404, 'No such image.');
      const info = await stat(media.file).catch(() => null);
      if (info === null || !info.isFile()) return text(404, 'No such image.');
      const headers = {
        'Content-Type': media.contentType,
        'Content-Length': String(info.size),
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      };
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
      const body = Readable.toWeb(createReadStream(media.file)) as ReadableStream<Uint8Array>;
      return new Response(body, { status: 200, headers });
    } catch (err) {
      deps.log.error('Serving a photo failed', { url: request.url, error: err instanceof Error ? err.message : String(err) });
      return text(500, 'The image could not be read.');
    }
  };
}

/** Serves the media scheme on the default session (call once `app` is ready). */
export function handleMediaProtocol(deps: MediaDeps): void {
  protocol.handle(mediaScheme, createMediaHandler(deps));
}
