/** Hugging Face hub client: revision + file hashes from the API, file bodies through `resolve` and its CDN redirect. */
import { backoffDelay } from '../backoff.js';
import { z } from 'zod';
import type { ErrorCode } from '../../../preload/contract.js';
import { classifyNetworkError, type HttpClient, type HttpResponse } from './http.js';

/** The public hub; `HF_ENDPOINT` replaces it (mirrors, tests). */
export const DEFAULT_HUB_ENDPOINT = 'https://huggingface.co';

/** A hub failure with a stable code, a message a person can act on, and whether trying again may help. */
export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable: boolean,
    /** The HTTP status behind the failure, when there was one. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** Where the hub is and how to reach it. */
export interface Hub {
  endpoint: string;
  /** Sent as a bearer token to the hub itself (never to the CDN); from `HF_TOKEN`. */
  token: string | null;
  http: HttpClient;
}

/** Builds a {@link Hub} from the environment: `HF_ENDPOINT` and `HF_TOKEN`. */
export function hubFromEnv(http: HttpClient, env: NodeJS.ProcessEnv = process.env): Hub {
  const endpoint = (env.HF_ENDPOINT?.trim() || DEFAULT_HUB_ENDPOINT).replace(/\/+$/, '');
  return { endpoint, token: env.HF_TOKEN?.trim() || null, http };
}

/** One file of a revision as the hub lists it: LFS files carry their SHA-256, all carry a git blob id. */
export interface HubFile {
  path: string;
  size: number | null;
  sha256: string | null;
  blobId: string | null;
}

/** A revision resolved to its commit, with its files. */
export interface HubRevision {
  commit: string;
  files: Map<string, HubFile>;
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
 * True when a hub file name is a plain relative path (`a/b.onnx`): no absolute or drive path, no `.`/`..` or empty
 * segment, no backslash or control character. Only such names are ever joined to a folder on disk.
 */
export function isSafeRepoPath(path: string): boolean {
  if (path.length === 0 || path.length > 512 || /[\\\x00-\x1f]/.test(path) || /^[A-Za-z]:/.test(path)) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Turns an HTTP status into a {@link HubError} naming what was asked for. */
export function statusError(status: number, what: string, fromCdn = false): HubError {
  const fail = (code: ErrorCode, message: string, retryable: boolean): HubError => new HubError(code, message, retryable, status);
  if (status === 404) return fail('not_found', `${what} was not found on the hub (HTTP 404). Check the model name and revision.`, false);
  if ((status === 401 || status === 403) && !fromCdn) {
    return fail(
      'network',
      `The hub refused access to ${what} (HTTP ${status}): the repository is private or gated. Accept its terms on the hub and set HF_TOKEN, or import the model folder instead.`,
      false,
    );
  }
  if (status === 403)
    return fail('network', `The download link for ${what} expired or was refused (HTTP 403); it will be requested again.`, true);
  if (status === 429 || status >= 500)
    return fail('network', `The hub is busy or failing (HTTP ${status}) while fetching ${what}. Try again in a few minutes.`, true);
  return fail('network', `Unexpected answer from the hub for ${what} (HTTP ${status}).`, false);
}

/** Wraps a fetch/body error into a {@link HubError}; non-network errors pass through untouched. */
export function networkError(err: unknown, hub: Hub, what: string): unknown {
  const failure = classifyNetworkError(err);
  if (!failure) return err;
  if (failure.kind === 'aborted') return new HubError('cancelled', `The download of ${what} was cancelled.`, false);
  const via = hub.http.proxy ? ` through the proxy ${hub.http.proxy}` : '';
  if (failure.kind === 'offline') {
    return new HubError(
      'offline',
      `Cannot reach ${hub.endpoint}${via} (${failure.code}). Check the internet connection (or HF_ENDPOINT / the proxy settings) and try again.`,
      true,
    );
  }
  return new HubError('network', `The connection broke while fetching ${what} (${failure.code}). It will resume where it stopped.`, true);
}

function authHeaders(hub: Hub, url: string): Record<string, string> {
  return hub.token && new URL(url).origin === new URL(hub.endpoint).origin ? { authorization: `Bearer ${hub.token}` } : {};
}

/** Resolves a branch or commit to its commit and file list (`GET /api/models/{repo}/revision/{rev}?blobs=true`). */
export async function resolveRevision(hub: Hub, repo: string, revision: string, signal?: AbortSignal): Promise<HubRevision> {
  const what = `${repo}@${revision}`;
  const url = `${hub.endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
  let res: HttpResponse;
  let body: unknown;
  try {
    res = await hub.http.fetch(url, { headers: authHeaders(hub, url), signal });
    if (!res.ok) {
      await res.body?.cancel();
      throw statusError(res.status, what);
    }
    body = await res.json();
  } catch (err) {
    throw networkError(err, hub, what);
  }
  const parsed = revisionSchema.safeParse(body);
  if (!parsed.success)
    throw new HubError('network', `The hub's answer about ${what} was not understood; is HF_ENDPOINT a Hugging Face hub?`, false);
  const unsafe = parsed.data.siblings.find((s) => !isSafeRepoPath(s.rfilename));
  if (unsafe) {
    throw new HubError(
      'network',
      `${hub.endpoint} listed a file named "${unsafe.rfilename.slice(0, 200)}" in ${what}, which would be written outside the download folder. Nothing was downloaded from it; is HF_ENDPOINT a hub you trust?`,
      false,
    );
  }
  const files = new Map<string, HubFile>();
  for (const s of parsed.data.siblings) {
    const sha256 = s.lfs?.sha256.toLowerCase() ?? null;
    files.set(s.rfilename, { path: s.rfilename, size: s.lfs?.size ?? s.size ?? null, sha256, blobId: s.blobId ?? null });
  }
  return { commit: parsed.data.sha, files };
}

/** An open file body, and what the hub said about it on the way (before the CDN redirect). */
export interface OpenedFile {
  response: HttpResponse;
  /** 206 when the requested range is being served, 200 when the whole file is. */
  status: 200 | 206;
  /** The LFS SHA-256 from `X-Linked-Etag`, when the hub sent one. */
  linkedSha256: string | null;
  /** `X-Repo-Commit` of the resolve answer. */
  commit: string | null;
}

/**
 * Opens `{endpoint}/{repo}/resolve/{revision}/{path}`, following the redirect to the CDN by hand so that the hub's
 * headers are kept and the bearer token never leaves the hub. Each call gets a fresh signed link.
 */
export async function openFile(
  hub: Hub,
  repo: string,
  revision: string,
  path: string,
  opts: { from?: number; to?: number; signal?: AbortSignal } = {},
): Promise<OpenedFile> {
  const what = `${repo}/${path}`;
  let url = `${hub.endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
  const range = opts.from || opts.to !== undefined ? { range: `bytes=${opts.from ?? 0}-${opts.to ?? ''}` } : {};
  let linkedSha256: string | null = null;
  let commit: string | null = null;
  try {
    for (let hop = 0; hop < 6; hop++) {
      const res = await hub.http.fetch(url, { headers: { ...range, ...authHeaders(hub, url) }, redirect: 'manual', signal: opts.signal });
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
      throw statusError(res.status, what, new URL(url).origin !== new URL(hub.endpoint).origin);
    }
  } catch (err) {
    throw networkError(err, hub, what);
  }
  throw new HubError('network', `Too many redirects while fetching ${what}.`, false);
}

/** Reads bytes `from..to` (inclusive) of a hub file; copes with servers that ignore Range and send everything. */
export async function readRange(
  hub: Hub,
  repo: string,
  revision: string,
  path: string,
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const opened = await openFile(hub, repo, revision, path, { from, to, signal });
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
    throw networkError(err, hub, `${repo}/${path}`);
  }
  if (filled < want) throw new HubError('network', `${repo}/${path} ended after ${filled} of ${want} requested bytes.`, true);
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
      reject(new HubError('cancelled', 'The download was cancelled.', false));
    }
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `task`, retrying retryable {@link HubError}s with exponential backoff; `onRetry` hears each failure. */
export async function withRetry<T>(
  task: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (err: HubError, attempt: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (err) {
      if (!(err instanceof HubError) || !err.retryable || attempt >= policy.retries || signal?.aborted) throw err;
      onRetry?.(err, attempt);
      await sleep(backoffDelay(attempt, { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs }), signal);
    }
  }
}
