/** Serves the built renderer: files inside its folder only, opened once and checked through the descriptor. */
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { contentTypeFor } from '../core/content-types.js';
import { openInsideRoots } from '../core/media-access.js';
import { sendError, streamOpened } from './respond.js';

/**
 * Decodes a URL path once; null when it is malformed (bad percent-escapes, overlong or invalid UTF-8, NUL, a
 * backslash or a `..` segment), which the server answers with 400.
 */
export function decodePathname(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.includes('\uFFFD')) return null;
  return decoded.split('/').includes('..') ? null : decoded;
}

/** Streams the renderer file at the decoded `path`; paths without an extension get the app shell (client routes). */
export async function serveStatic(res: ServerResponse, root: string, path: string, onError: (err: Error) => void): Promise<void> {
  const rel = path === '/' ? 'index.html' : path.replace(/^\/+/, '');
  const type = contentTypeFor(rel);
  const file = type ? await openInsideRoots(join(root, rel), [root]) : null;
  if (file && type) return streamOpened(res, file, type, 'no-cache', onError);
  if (extname(rel)) return sendError(res, 404, 'not_found', 'Not found');
  const shell = await openInsideRoots(join(root, 'index.html'), [root]);
  if (!shell) return sendError(res, 404, 'not_found', 'The app is not built: run `npm run build`.');
  return streamOpened(res, shell, contentTypeFor('index.html')!, 'no-cache', onError);
}
