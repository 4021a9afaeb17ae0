/** A local stand-in for Hugging Face plus its CDN: same URLs, headers, redirects, Range and expiring links. */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One stored file of a fake repository. */
interface StoredFile {
  data: Buffer;
  sha256: string;
  blobId: string;
  lfs: boolean;
}

/** What the fake servers saw, for assertions. */
export interface FakeHuggingFaceStats {
  /** Body bytes actually written, per `repo/path`. */
  bytesServed: Map<string, number>;
  /** Range headers received, per `repo/path`. */
  ranges: Map<string, string[]>;
  /** `resolve` requests, per `repo/path`. */
  resolves: Map<string, number>;
  apiCalls: number;
  /** CDN requests refused because their signed link had expired or was forged. */
  expiredRefusals: number;
}

/** Control handle of a running fake Hugging Face. */
export interface FakeHuggingFace {
  /** The endpoint (what HF_ENDPOINT would be). */
  url: string;
  cdnUrl: string;
  stats: FakeHuggingFaceStats;
  /** Adds a repository at a fresh commit; returns the commit. LFS = .onnx/.onnx_data/.safetensors or > 64 KB. */
  addRepo(repo: string, files: Record<string, Buffer>, opts?: { gated?: boolean }): string;
  /** The next CDN/direct answer for `repo/path` closes the connection after `bytes` body bytes. */
  dropNext(key: string, bytes: number): void;
  /** Serves these bytes for `repo/path` from now on while still advertising the original hash. */
  corrupt(key: string, data: Buffer): void;
  /** Lifetime of signed CDN links (ms). */
  linkTtlMs: number;
  /** Answer 200 with the whole file even when a Range is asked (a server without Range support). */
  ignoreRange: boolean;
  /** Leave `lfs` out of the API's siblings (a mirror that does not support `blobs=true`): hashes only in X-Linked-Etag. */
  omitLfsInApi: boolean;
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

function bump<T>(map: Map<string, T>, key: string, fn: (old: T | undefined) => T): void {
  map.set(key, fn(map.get(key)));
}

/** Starts the site and the CDN on two ports of 127.0.0.1; every socket is closed by `close()`. */
export async function startFakeHuggingFace(opts: { linkTtlMs?: number } = {}): Promise<FakeHuggingFace> {
  const secret = randomBytes(16);
  const repos = new Map<string, { commit: string; gated: boolean; files: Map<string, StoredFile> }>();
  const blobs = new Map<string, { key: string; file: StoredFile }>();
  const drops = new Map<string, number>();
  const stats: FakeHuggingFaceStats = { bytesServed: new Map(), ranges: new Map(), resolves: new Map(), apiCalls: 0, expiredRefusals: 0 };
  const sign = (sha: string, expires: number): string => createHmac('sha256', secret).update(`${sha}:${expires}`).digest('hex');

  function serve(req: IncomingMessage, res: ServerResponse, key: string, data: Buffer, headers: Record<string, string>): void {
    const range = req.headers.range;
    if (range) bump(stats.ranges, key, (old) => [...(old ?? []), range]);
    let start = 0;
    let end = data.length - 1;
    const m = /^bytes=(\d+)-(\d*)$/.exec(range ?? '');
    let status = 200;
    if (m && !handle.ignoreRange) {
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), data.length - 1) : data.length - 1;
      if (start >= data.length) {
        res.writeHead(416, { 'content-range': `bytes */${data.length}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${data.length}`;
    }
    const body = data.subarray(start, end + 1);
    res.writeHead(status, { ...headers, 'content-length': String(body.length), 'accept-ranges': 'bytes' });
    const drop = drops.get(key);
    if (drop !== undefined) {
      drops.delete(key);
      const part = body.subarray(0, drop);
      bump(stats.bytesServed, key, (old) => (old ?? 0) + part.length);
      res.write(part, () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    bump(stats.bytesServed, key, (old) => (old ?? 0) + body.length);
    res.end(body);
  }

  const siteServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/revision\/([^/]+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const repoName = decodeURIComponent((api ?? resolve)?.[1] ?? '');
    const repo = repos.get(repoName);
    const rev = decodeURIComponent((api ?? resolve)?.[2] ?? '');
    if (!repo || (rev !== 'main' && rev !== repo.commit)) {
      res.writeHead(404, { 'x-error-code': repo ? 'RevisionNotFound' : 'RepositoryNotFound' }).end('{"error":"Repository not found"}');
      return;
    }
    if (repo.gated && req.headers.authorization !== 'Bearer good-token') {
      res.writeHead(401, { 'x-error-code': 'GatedRepo' }).end('{"error":"Access to this model is restricted"}');
      return;
    }
    if (api) {
      stats.apiCalls++;
      const blobsWanted = url.searchParams.get('blobs') === 'true';
      const siblings = [...repo.files].map(([rfilename, f]) =>
        blobsWanted
          ? {
              rfilename,
              size: f.data.length,
              blobId: f.blobId,
              ...(f.lfs && !handle.omitLfsInApi ? { lfs: { sha256: f.sha256, size: f.data.length, pointerSize: 134 } } : {}),
            }
          : { rfilename },
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: repoName, sha: repo.commit, siblings }));
      return;
    }
    const path = (resolve?.[3] ?? '').split('/').map(decodeURIComponent).join('/');
    const file = repo.files.get(path);
    const key = `${repoName}/${path}`;
    bump(stats.resolves, key, (old) => (old ?? 0) + 1);
    if (!file) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound', 'x-repo-commit': repo.commit }).end('Entry not found');
      return;
    }
    const common = { 'x-repo-commit': repo.commit, etag: `"${file.lfs ? file.sha256 : file.blobId}"` };
    if (file.lfs) {
      const expires = Date.now() + handle.linkTtlMs;
      const location = `${cdnUrl}/blobs/${file.sha256}?expires=${expires}&sig=${sign(file.sha256, expires)}`;
      res.writeHead(302, { ...common, location, 'x-linked-etag': `"${file.sha256}"`, 'x-linked-size': String(file.data.length) }).end();
      return;
    }
    serve(req, res, key, file.data, common);
  });

  const cdnServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cdn');
    const sha = /^\/blobs\/([0-9a-f]{64})$/.exec(url.pathname)?.[1] ?? '';
    const expires = Number(url.searchParams.get('expires'));
    const blob = blobs.get(sha);
    if (!blob) return void res.writeHead(404).end();
    if (url.searchParams.get('sig') !== sign(sha, expires) || Date.now() > expires) {
      stats.expiredRefusals++;
      return void res.writeHead(403).end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    }
    serve(req, res, blob.key, blob.file.data, { etag: `"${sha}"` });
  });
  for (const s of [siteServer, cdnServer]) {
    s.requestTimeout = 10_000;
    s.headersTimeout = 5_000;
  }
  const url = await listen(siteServer);
  const cdnUrl = await listen(cdnServer);

  const handle: FakeHuggingFace = {
    url,
    cdnUrl,
    stats,
    linkTtlMs: opts.linkTtlMs ?? 60_000,
    ignoreRange: false,
    omitLfsInApi: false,
    addRepo(repo, files, o = {}) {
      const commit = createHash('sha1').update(`${repo}:${Date.now()}:${Math.random()}`).digest('hex');
      const stored = new Map<string, StoredFile>();
      for (const [path, data] of Object.entries(files)) {
        const file: StoredFile = {
          data,
          sha256: createHash('sha256').update(data).digest('hex'),
          blobId: '',
          lfs: /\.(onnx|onnx_data|safetensors)$/.test(path) || data.length > 65_536,
        };
        // As on Hugging Face, an LFS file's git blob is its pointer file, not its content.
        const blob = file.lfs
          ? Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${file.sha256}\nsize ${data.length}\n`)
          : data;
        file.blobId = createHash('sha1').update(`blob ${blob.length}\0`).update(blob).digest('hex');
        stored.set(path, file);
        if (file.lfs) blobs.set(file.sha256, { key: `${repo}/${path}`, file });
      }
      repos.set(repo, { commit, gated: o.gated ?? false, files: stored });
      return commit;
    },
    dropNext: (key, bytes) => void drops.set(key, bytes),
    corrupt(key, data) {
      const [repoName, ...rest] = key.split('/');
      const file = repos.get(`${repoName}/${rest[0]}`)?.files.get(rest.slice(1).join('/'));
      if (!file) throw new Error(`no file ${key}`);
      file.data = data;
    },
    async close() {
      for (const s of [siteServer, cdnServer]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
  return handle;
}
