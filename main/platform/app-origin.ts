/** Decides whether a URL belongs to the Shoebox renderer (the built files or the Vite dev server). */
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the renderer is loaded from: the built `dist/renderer` folder, or the dev server in development. */
export interface AppOrigin {
  rendererDir: string;
  devUrl: string | null;
}

/** True when `url` is a page of our renderer: a file inside `rendererDir`, or the dev server's origin. */
export function isAppUrl(url: string, origin: AppOrigin): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (origin.devUrl !== null) return parsed.origin === new URL(origin.devUrl).origin;
  if (parsed.protocol !== 'file:' || parsed.host !== '') return false;
  const file = resolve(fileURLToPath(parsed));
  const root = resolve(origin.rendererDir);
  return file.startsWith(root + sep);
}
