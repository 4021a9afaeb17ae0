/** Writes a finished sharp pipeline to disk as JPEG (.jpg/.jpeg paths) or WebP (any other path), atomically. */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { Sharp } from 'sharp';

/** Chooses the encoder by `outPath`'s extension: JPEG for .jpg/.jpeg, WebP (effort 2) otherwise. */
export function encodeForPath(image: Sharp, outPath: string, quality: number): Sharp {
  const ext = extname(outPath).toLowerCase();
  return ext === '.jpg' || ext === '.jpeg' ? image.jpeg({ quality }) : image.webp({ quality, effort: 2 });
}

/**
 * Encodes `image` for `outPath` and writes it through a temporary file and a rename, so a reader never sees a
 * half-written image; creates the folder if needed. Errors here are the disk's, not the photo's.
 */
export async function writeImageFile(image: Sharp, outPath: string, quality: number): Promise<void> {
  await mkdir(dirname(outPath), { recursive: true });
  const temp = `${outPath}.${randomUUID()}.tmp`;
  try {
    await encodeForPath(image, outPath, quality).toFile(temp);
    await rename(temp, outPath);
  } finally {
    await rm(temp, { force: true });
  }
}
