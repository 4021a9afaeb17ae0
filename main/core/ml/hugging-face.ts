/** Hugging Face client: revision + file hashes from its API, file bodies through `resolve` and its CDN redirect. */
import { backoffDelay } from '../backoff.js';
import { z } from 'zod';
import type { ErrorCode } from '../../../preload/contract.js';
import { classifyNetworkError, type HttpClient, type HttpResponse } from './http.js';

/** Hugging Face itself; `HF_ENDPOINT` replaces it (mirrors, tests). */
export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

/** A download failure with a stable code, a message a person can act on, and whether trying again may help. */
export class DownloadError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable: boolean,
    /** The HTTP status behind the failure, when there was one. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** Where Hugging Face (or the mirror in `HF_ENDPOINT`) is and how to reach it. */
export interface HuggingFace {
  endpoint: string;
  /** Sent as a bearer token to the endpoint itself (never to the CDN); from `HF_TOKEN`. */
  token: string | null;
  http: HttpClient;
}

/** Builds a {@link HuggingFace} from the environment: `HF_ENDPOINT` and `HF_TOKEN`. */
export function huggingFaceFromEnv(http: HttpClient, env: NodeJS.ProcessEnv = process.env): HuggingFace {
  const endpoint = (env.HF_ENDPOINT?.trim() || DEFAULT_HF_ENDPOINT).replace(/\/+$/, '');
  return { endpoint, token: env.HF_TOKEN?.trim() || null, http };
}

/** One file of a revision as Hugging Face lists it: LFS files carry their SHA-256, all carry a git blob id. */
export interface RepoFile {
  path: string;
  size: number | null;
  sha256: string | null;
  blobId: string | null;
}

/** A revision resolved to its commit, with its files. */
export interface RepoRevision {
  commit: string;
  files: Map<string, RepoFile>;
}

const revisionSchema = z.object({
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  siblings: z.array(
    z.object({
      rfilename: z.string(),
      size: z.number().optional(),
      blobId: z.string().optional(),
      lfs: z.object({ sha256: z.string(), size: z.number() }).optional(),
    }),
  ),
});

/**
 * True when a repository file name is a plain relative path (`a/b.onnx`): no absolute or drive path, no `.`/`..` or empty
 * segment, no backslash or control character. Only such names are ever joined to a folder on disk.
 */
export function isSafeRepoPath(path: string): boolean {
  if (path.length === 0 || path.length > 512 || /[\\\x00-\x1f]/.test(path) || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Turns an HTTP status into a {@link DownloadError} naming what was asked for. */
export function statusError(status: number, what: string, fromCdn = false): DownloadError {
  const fail = (code: ErrorCode, message: string, retryable: boolean): DownloadError => new DownloadError(code, message, retryable, status);
  if (status === 404)
    return fail('not_found', `${what} was not found on Hugging Face (HTTP 404). Check the model name and revision.`, false);
  if ((status === 401 || status === 403) && !fromCdn) {
    return fail(
      'network',
      `Hugging Face refused access to ${what} (HTTP ${status}): the repository is private or gated. Accept its terms on Hugging Face and set HF_TOKEN, or import the model folder instead.`,
      false,
    );
  }
  if (status === 403)
    return fail('network', `The download link for ${what} expired or was refused (HTTP 403); it will be requested again.`, true);
  if (status === 429 || status >= 500)
    return fail('network', `Hugging Face is busy or failing (HTTP ${status}) while fetching ${what}. Try again in a few minutes.`, true);
  return fail('network', `Unexpected answer from Hugging Face for ${what} (HTTP ${status}).`, false);
}

/** Wraps a fetch/body error into a {@link DownloadError}; non-network errors pass through untouched. */
export function networkError(err: unknown, hf: HuggingFace, what: string): unknown {
  const failure = classifyNetworkError(err);
  if (!failure) return err;
  if (failure.kind === 'aborted') return new DownloadError('cancelled', `The download of ${what} was cancelled.`, false);
  const via = hf.http.proxy ? ` through the proxy ${hf.http.proxy}` : '';
  if (failure.kind === 'offline') {
    return new DownloadError(
      'offline',
      `Cannot reach ${hf.endpoint}${via} (${failure.code}). Check the internet connection (or HF_ENDPOINT / the proxy settings) and try again.`,
      true,
    );
  }
  return new DownloadError(
    'network',
    `The connection broke while fetching ${what} (${failure.code}). It will resume where it stopped.`,
    true,
  );
}

function authHeaders(hf: HuggingFace, url: string): Record<string, string> {
  return hf.token && new URL(url).origin === new URL(hf.endpoint).origin ? { authorization: `Bearer ${hf.token}` } : {};
}

/** Resolves a branch or commit to its commit and file list (`GET /api/models/{repo}/revision/{rev}?blobs=true`). */
export async function resolveRevision(hf: HuggingFace, repo: string, revision: string, signal?: AbortSignal): Promise<RepoRevision> {
  const what = `${repo}@${revision}`;
  const url = `${hf.endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
  let res: HttpResponse;
  let body: unknown;
  try {
    res = await hf.http.fetch(url, { headers: authHeaders(hf, url), signal });
    if (!res.ok) {
      await res.body?.cancel();
      throw statusError(res.status, what);
    }
    body = await res.json();
  } catch (err) {
    throw networkError(err, hf, what);
  }
  const parsed = revisionSchema.safeParse(body);
  if (!parsed.success)
    throw new DownloadError(
      'network',
      `The answer about ${what} was not understood; does HF_ENDPOINT point to Hugging Face or a mirror of it?`,
      false,
    );
  const unsafe = parsed.data.siblings.find((s) => !isSafeRepoPath(s.rfilename));
  if (unsafe) {
    throw new DownloadError(
      'network',
      `${hf.endpoint} listed a file named "${unsafe.rfilename.slice(0, 200)}" in ${what}, which would be written outside the download folder. Nothing was downloaded from it; is HF_ENDPOINT a server you trust?`,
      false,
    );
  }
  const files = new Map<string, RepoFile>();
  for (const s of parsed.data.siblings) {
    const sha256 = s.lfs?.sha256.toLowerCase() ?? null;
    files.set(s.rfilename, { path: s.rfilename, size: s.lfs?.size ?? s.size ?? null, sha256, blobId: s.blobId ?? null });
  }
  return { commit: parsed.data.sha, files };
}

/** An open file body, and what Hugging Face said about it on the way (before the CDN redirect). */
export interface OpenedFile {
  response: HttpResponse;
  /** 206 when the requested range is being served, 200 when the whole file is. */
  status: 200 | 206;
  /** The LFS SHA-256 from `X-Linked-Etag`, when Hugging Face sent one. */
  linkedSha256: string | null;
  /** `X-Repo-Commit` of the resolve answer. */
  commit: string | null;
}

/**
 * Opens `{endpoint}/{repo}/resolve/{revision}/{path}`, following the redirect to the CDN by hand so that Hugging
 * Face's headers are kept and the bearer token never leaves it. Each call gets a fresh signed link.
 */
export async function openFile(
  hf: HuggingFace,
  repo: string,
  revision: string,
  path: string,
  opts: { from?: number; to?: number; signal?: AbortSignal } = {},
): Promise<OpenedFile> {
  const what = `${repo}/${path}`;
  let url = `${hf.endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
  const range = opts.from || opts.to !== undefined ? { range: `bytes=${opts.from ?? 0}-${opts.to ?? ''}` } : {};
  let linkedSha256: string | null = null;
  let commit: string | null = null;
  try {
    for (let hop = 0; hop < 6; hop++) {
      const res = await hf.http.fetch(url, { headers: { ...range, ...authHeaders(hf, url) }, redirect: 'manual', signal: opts.signal });
      const etag = res.headers.get('x-linked-etag')?.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
      if (etag && /^[0-9a-f]{64}$/.test(etag)) linkedSha256 ??= etag;
      commit ??= res.headers.get('x-repo-commit');
      if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
        await res.body?.cancel();
        url = new URL(res.headers.get('location') as string, url).toString();
        continue;
      }
      if (res.status === 200 || res.status === 206) return { response: res, status: res.status, linkedSha256, commit };
      await res.body?.cancel();
      throw statusError(res.status, what, new URL(url).origin !== new URL(hf.endpoint).origin);
    }
  } catch (err) {
    throw networkError(err, hf, what);
  }
  throw new DownloadError('network', `Too many redirects while fetching ${what}.`, false);
}

/** Reads bytes `from..to` (inclusive) of a repository file; copes with servers that ignore Range and send everything. */
export async function readRange(
  hf: HuggingFace,
  repo: string,
  revision: string,
  path: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const opened = await openFile(hf, repo, revision, path, { from, to, signal });
  const skip = opened.status === 206 ? 0 : from;
  const want = to - from + 1;
  const out = new Uint8Array(want);
  let seen = 0;
  let filled = 0;
  try {
    for await (const chunk of opened.response.body ?? []) {
      const buf = chunk as Uint8Array;
      const start = Math.max(0, skip - seen);
      const slice = buf.subarray(start, start + (want - filled));
      out.set(slice, filled);
      filled += slice.length;
      seen += buf.length;
      if (filled >= want) break;
    }
  } catch (err) {
    throw networkError(err, hf, `${repo}/${path}`);
  }
  if (filled < want) throw new DownloadError('network', `${repo}/${path} ended after ${filled} of ${want} requested bytes.`, true);
  return out;
}

/** How often and how patiently to retry network errors and 5xx answers. */
export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Four retries after 1 s, 2 s, 4 s, 8 s. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(new DownloadError('cancelled', 'The download was cancelled.', false));
    }
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `task`, retrying retryable {@link DownloadError}s with exponential backoff; `onRetry` hears each failure. */
export async function withRetry<T>(
  task: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (err: DownloadError, attempt: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (err) {
      if (!(err instanceof DownloadError) || !err.retryable || attempt >= policy.retries || signal?.aborted) throw err;
      onRetry?.(err, attempt);
      await sleep(backoffDelay(attempt, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }), signal);
    }
  }
}
