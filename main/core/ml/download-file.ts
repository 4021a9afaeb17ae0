/** One file of a model download: resumable fetch into `<file>.part` with Range, then size + hash verification. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { ProgressTracker } from './download-progress.js';
import { DownloadError, isSafeRepoPath, networkError, openFile, withRetry, type HuggingFace, type RetryPolicy } from './hugging-face.js';

/** A file to fetch, with what Hugging Face (or the model list) says it must be. */
export interface PlannedFile {
  path: string;
  size: number | null;
  /** Expected SHA-256 (model list, the API's `lfs.sha256` or `X-Linked-Etag`); null for small non-LFS files. */
  sha256: string | null;
  /** The git blob id (SHA-1 of "blob <size>\0<bytes>"): verifies non-LFS files (an LFS file's blob is its pointer). */
  blobId: string | null;
}

/** A fetched and verified file as the manifest records it. */
export interface FetchedFile {
  path: string;
  size: number;
  sha256: string;
}

/** What every file of one download shares. */
export interface FileFetchContext {
  hf: HuggingFace;
  repo: string;
  commit: string;
  partialDir: string;
  progress: ProgressTracker;
  retry: RetryPolicy;
  signal?: AbortSignal;
  onRetry?: (err: DownloadError) => void;
  /** Called after a file's SHA-256 was learned from `X-Linked-Etag` (the plan changed: persist it for resumes). */
  onPlanChange?: () => Promise<void>;
}

/** `dir/path` for a planned file, refused (never written) unless `path` is a plain relative name that stays inside `dir`. */
function plannedPathIn(dir: string, path: string): string {
  const full = join(dir, path);
  const rel = relative(dir, full);
  if (!isSafeRepoPath(path) || rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) {
    throw new DownloadError(
      'invalid_input',
      `The model file name "${path.slice(0, 200)}" would be written outside ${dir}; the download was stopped.`,
      false,
    );
  }
  return full;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function hashFile(path: string, size: number): Promise<{ sha256: string; blobId: string }> {
  const sha256 = createHash('sha256');
  const blob = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(path)) {
    sha256.update(chunk as Buffer);
    blob.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), blobId: blob.digest('hex') };
}

function rangeStart(contentRange: string | null): number | null {
  const m = /^bytes (\d+)-/.exec(contentRange ?? '');
  return m ? Number(m[1]) : null;
}

/** Appends the rest of the file to `partPath`, starting at its current length; restarts if the server ignores Range. */
async function fetchRest(ctx: FileFetchContext, file: PlannedFile, partPath: string, counted: { bytes: number }): Promise<void> {
  let have = (await sizeOf(partPath)) ?? 0;
  if (file.size !== null && have > file.size) have = 0;
  ctx.progress.discard(counted.bytes - have);
  counted.bytes = have;
  if (file.size !== null && have === file.size && have > 0) return;
  const what = `${ctx.repo}/${file.path}`;
  const opened = await openFile(ctx.hf, ctx.repo, ctx.commit, file.path, { from: have, signal: ctx.signal });
  if (file.sha256 === null && opened.linkedSha256 !== null) {
    file.sha256 = opened.linkedSha256;
    await ctx.onPlanChange?.();
  }
  if (have > 0 && (opened.status === 200 || rangeStart(opened.response.headers.get('content-range')) !== have)) {
    ctx.progress.discard(have);
    counted.bytes = 0;
    have = 0;
  }
  await truncate(partPath, have).catch(() => undefined);
  const handle = await open(partPath, have === 0 ? 'w' : 'a');
  try {
    for await (const chunk of opened.response.body ?? []) {
      const buf = chunk as Uint8Array;
      await handle.write(buf);
      counted.bytes += buf.length;
      ctx.progress.add(buf.length);
    }
  } catch (err) {
    throw networkError(err, ctx.hf, what);
  } finally {
    await handle.close();
  }
  const got = (await sizeOf(partPath)) ?? 0;
  if (file.size !== null && got < file.size) {
    throw new DownloadError('network', `The transfer of ${what} stopped early (${got} of ${file.size} bytes); resuming.`, true);
  }
}

function checksumError(what: string, expected: string, got: string, kind: string): DownloadError {
  return new DownloadError(
    'checksum',
    `${what} arrived damaged: its ${kind} is ${got.slice(0, 12)}… but Hugging Face lists ${expected.slice(0, 12)}…. The partial download was deleted; try again, and if it fails again a proxy or mirror may be altering files.`,
    false,
  );
}

/** Checks a complete file against its size, SHA-256 or git blob id; refuses a file nothing can vouch for. */
async function verify(ctx: FileFetchContext, file: PlannedFile, path: string): Promise<FetchedFile> {
  const what = `${ctx.repo}/${file.path}`;
  const size = (await sizeOf(path)) ?? 0;
  if (file.size !== null && size !== file.size) {
    throw new DownloadError(
      'checksum',
      `${what} has ${size} bytes but Hugging Face lists ${file.size}. The partial download was deleted; try again.`,
      false,
    );
  }
  const hashes = await hashFile(path, size);
  if (file.sha256) {
    if (hashes.sha256 !== file.sha256) throw checksumError(what, file.sha256, hashes.sha256, 'SHA-256');
  } else if (file.blobId && file.size !== null) {
    if (hashes.blobId !== file.blobId) throw checksumError(what, file.blobId, hashes.blobId, 'git blob id');
  } else {
    throw new DownloadError(
      'checksum',
      `Hugging Face gave no checksum for ${what}, so it cannot be verified; refusing to install it.`,
      false,
    );
  }
  return { path: file.path, size, sha256: hashes.sha256 };
}

/**
 * Fetches one file into the partial folder and verifies it. A file finished by an earlier run (already renamed from
 * `.part`) is only re-hashed; a `.part` left by one is continued with a Range request.
 */
export async function fetchFile(ctx: FileFetchContext, file: PlannedFile): Promise<FetchedFile> {
  const finalPath = plannedPathIn(ctx.partialDir, file.path);
  const partPath = `${finalPath}.part`;
  await mkdir(dirname(finalPath), { recursive: true });
  const done = await sizeOf(finalPath);
  if (done !== null) {
    ctx.progress.resumeFrom(done);
    return verify(ctx, file, finalPath);
  }
  const counted = { bytes: (await sizeOf(partPath)) ?? 0 };
  ctx.progress.resumeFrom(counted.bytes);
  await withRetry(() => fetchRest(ctx, file, partPath, counted), ctx.retry, ctx.signal, ctx.onRetry);
  try {
    const fetched = await verify(ctx, file, partPath);
    await rename(partPath, finalPath);
    return fetched;
  } catch (err) {
    await rm(partPath, { force: true });
    throw err;
  }
}
