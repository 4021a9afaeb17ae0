/** Reads a request body up to a size limit; an oversized body is still read to its end so the connection stays usable. */
import type { IncomingMessage } from 'node:http';

/** What {@link readBody} found: the bytes, or that the body was over the limit. */
export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true };

/**
 * Collects at most `limit` bytes. Past the limit the rest is read and dropped (not kept in memory), so the server
 * can answer 413 and the next request on a keep-alive connection still works.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? 0);
  let size = 0;
  let tooLarge = declared > limit;
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.once('end', resolve);
    req.once('error', reject);
  });
  return tooLarge ? { ok: false, tooLarge: true } : { ok: true, bytes: Buffer.concat(chunks) };
}
