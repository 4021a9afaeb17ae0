/** Content types by file extension: the one table for the renderer's files and the photos served to it. */
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
};

/** Raster formats a browser shows as a picture and nothing else (SVG can carry script, so a photo is never served as one). */
const PHOTO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif']);

/** The content type of a file of the built renderer by its extension; null for anything not served. */
export function contentTypeFor(file: string): string | null {
  return TYPES[extname(file).toLowerCase()] ?? null;
}

/** The content type of a photo file a browser can show as is (raster only); null for anything else. */
export function photoContentType(file: string): string | null {
  const type = contentTypeFor(file);
  return type !== null && PHOTO_TYPES.has(type) ? type : null;
}
