/** Downloads from the fake Hugging Face: complete + recorded, through a proxy, and resumed after a drop and an expired link. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadProgress } from '../../preload/contract.js';
import { loadModelList } from '../../main/core/ml/model-list.js';
import { cancelDownload, downloadListedModel, downloadModel } from '../../main/core/ml/download.js';
import { probeModelFolder } from '../../main/core/ml/probe.js';
import { getInstalled, listModels } from '../../main/core/ml/registry.js';
import { fixtures } from '../helpers/fixtures.js';
import { startFakeHuggingFace, type FakeHuggingFace } from './fake-hugging-face.js';
import { startFakeProxy } from './fake-proxy.js';
import { listedModelAt, cleanTemp, FAST_RETRY, huggingFaceFor, immichRepoFiles, tempDir } from './harness.js';
import { buildSafetensors, f32 } from './safetensors-builder.js';

const CHECKPOINT = 'google/siglip-base-patch16-256-multilingual';
const SCALE_LOG = Math.log(10.5);
const BIAS = -6.25;
const BIG = 'visual/model.onnx_data';
let fake: FakeHuggingFace;
let files: Record<string, Buffer>;
let repoCount = 0;
const closers: (() => Promise<void>)[] = [];

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
/** A fresh repository holding the fixture model, so tests do not share counters. */
function newRepo(): { repo: string; commit: string } {
  const repo = `immich-app/fixture-${++repoCount}`;
  return { repo, commit: fake.addRepo(repo, files) };
}
function client(env: NodeJS.ProcessEnv = {}) {
  const c = huggingFaceFor(fake, env);
  closers.push(() => c.http.close());
  return c.hf;
}

beforeAll(async () => {
  fake = await startFakeHuggingFace();
  files = await immichRepoFiles((await fixtures()).immichModel);
  fake.addRepo(CHECKPOINT, {
    'model.safetensors': buildSafetensors({
      logit_scale: { dtype: 'F32', shape: [1], data: f32(SCALE_LOG) },
      logit_bias: { dtype: 'F32', shape: [1], data: f32(BIAS) },
    }),
  });
});
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
afterAll(async () => {
  await fake.close();
  await cleanTemp();
});

describe('downloadModel', () => {
  it('downloads every file, verifies it, and records commit, hashes and the checkpoint scalars', async () => {
    const { repo, commit } = newRepo();
    const modelsDir = await tempDir();
    const events: DownloadProgress[] = [];
    const model = listedModelAt(repo);
    const result = await downloadModel({
      modelsDir,
      model,
      hf: client(),
      onProgress: (p) => events.push(p),
      retry: FAST_RETRY,
      progressIntervalMs: 0,
    });
    if (!result.ok) throw new Error(result.error.message);
    const { manifest, dir } = result.value;
    expect(dir).toBe(join(modelsDir, model.id));
    expect(manifest.revision).toBe(commit);
    expect(manifest.sourceRepo).toBe(repo);
    expect(manifest.origin).toBe('download');
    const wanted = [...model.variants[0]!.files.map((f) => f.path), BIG].sort();
    expect(manifest.files.map((f) => f.path).sort()).toEqual(wanted);
    for (const f of manifest.files) {
      expect(f.sha256).toBe(sha(files[f.path]!));
      expect(f.size).toBe(files[f.path]!.length);
      expect(sha(await readFile(join(dir, f.path)))).toBe(sha(files[f.path]!));
    }
    expect(existsSync(join(dir, 'fixture-logits.json'))).toBe(false);
    expect(manifest.logitScaleLog).toBeCloseTo(SCALE_LOG, 5);
    expect(manifest.logitScale).toBeCloseTo(10.5, 4);
    expect(manifest.logitBias).toBe(BIAS);
    expect(await readdir(join(modelsDir, '.partial'))).toEqual([]);
    const total = wanted.reduce((s, p) => s + files[p]!.length, 0);
    expect(events.at(-1)).toMatchObject({ state: 'done', bytes: total, totalBytes: total, etaSeconds: 0 });
    const bytes = events.filter((e) => e.state === 'downloading').map((e) => e.bytes);
    expect(bytes.length).toBeGreaterThan(2);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect((await getInstalled(modelsDir, model.id))?.manifest).toEqual(manifest);
    const listed = await listModels({ modelsDir, modelList: loadModelList(), active: model.id, recommended: null });
    expect(listed.find((m) => m.id === model.id)).toMatchObject({
      installed: true,
      installedVariant: 'immich-fp32',
      active: true,
      diskBytes: total,
    });

    const apiCalls = fake.stats.apiCalls;
    const again = await downloadModel({ modelsDir, model, hf: client(), retry: FAST_RETRY });
    expect(again.ok).toBe(true);
    expect(fake.stats.apiCalls).toBe(apiCalls);
  });

  it('goes through the proxy named by HTTP_PROXY, and around it for NO_PROXY hosts', async () => {
    const proxy = await startFakeProxy();
    closers.push(() => proxy.close());
    const { repo } = newRepo();
    const viaProxy = await downloadModel({
      modelsDir: await tempDir(),
      model: listedModelAt(repo),
      hf: client({ HTTP_PROXY: proxy.url }),
      retry: FAST_RETRY,
    });
    expect(viaProxy.ok).toBe(true);
    const hosts = new Set([...proxy.tunnels, ...proxy.forwarded.map((u) => new URL(u).host)]);
    expect(hosts).toContain(new URL(fake.url).host);
    expect(hosts).toContain(new URL(fake.cdnUrl).host);

    const used = proxy.tunnels.length + proxy.forwarded.length;
    const { repo: repo2 } = newRepo();
    const bypass = await downloadModel({
      modelsDir: await tempDir(),
      model: listedModelAt(repo2),
      hf: client({ http_proxy: proxy.url, no_proxy: '127.0.0.1' }),
      retry: FAST_RETRY,
    });
    expect(bypass.ok).toBe(true);
    expect(proxy.tunnels.length + proxy.forwarded.length).toBe(used);
  });

  it('resumes an interrupted download with a Range request after its signed link expired, re-fetching nothing', async () => {
    fake.linkTtlMs = 300;
    try {
      const { repo } = newRepo();
      const key = `${repo}/${BIG}`;
      const modelsDir = await tempDir();
      const model = listedModelAt(repo);
      fake.dropNext(key, 1_000_000);
      const first = await downloadModel({ modelsDir, model, hf: client(), retry: { ...FAST_RETRY, retries: 0 } });
      expect(first.ok).toBe(false);
      if (!first.ok) expect(first.error).toMatchObject({ code: 'network', message: expect.stringMatching(/resume/) });
      const got = (await stat(join(modelsDir, '.partial', model.id, `${BIG}.part`))).size;
      expect(got).toBeGreaterThan(0);
      expect(got).toBeLessThanOrEqual(1_000_000);
      expect(await getInstalled(modelsDir, model.id)).toBeNull();

      const res = await fetch(`${fake.url}/${repo}/resolve/main/${BIG}`, { redirect: 'manual' });
      const oldLink = res.headers.get('location') as string;
      await new Promise((r) => setTimeout(r, 400));
      expect((await fetch(oldLink)).status).toBe(403);

      const resolvesBefore = fake.stats.resolves.get(key) ?? 0;
      const second = await downloadModel({ modelsDir, model, hf: client(), retry: FAST_RETRY });
      if (!second.ok) throw new Error(second.error.message);
      expect(fake.stats.resolves.get(key)).toBeGreaterThan(resolvesBefore);
      expect(fake.stats.ranges.get(key)).toEqual([`bytes=${got}-`]);
      // Everything served: the first attempt's 1 MB plus only what was missing (bytes lost in the drop, if any).
      expect(fake.stats.bytesServed.get(key)).toBe(1_000_000 + files[BIG]!.length - got);
      expect(sha(await readFile(join(modelsDir, model.id, BIG)))).toBe(sha(files[BIG]!));
    } finally {
      fake.linkTtlMs = 60_000;
    }
  });

  it('retries a dropped connection within one call, continuing from the bytes it has', async () => {
    const { repo } = newRepo();
    const key = `${repo}/${BIG}`;
    fake.dropNext(key, 1_234_567);
    const result = await downloadModel({ modelsDir: await tempDir(), model: listedModelAt(repo), hf: client(), retry: FAST_RETRY });
    expect(result.ok).toBe(true);
    const ranges = fake.stats.ranges.get(key) ?? [];
    expect(ranges).toHaveLength(1);
    const from = Number(/^bytes=(\d+)-$/.exec(ranges[0]!)?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(1_234_567);
    expect(fake.stats.bytesServed.get(key)).toBe(1_234_567 + files[BIG]!.length - from);
  });

  it('restarts a file cleanly when the server ignores Range and answers 200', async () => {
    const { repo } = newRepo();
    const key = `${repo}/${BIG}`;
    const modelsDir = await tempDir();
    const model = listedModelAt(repo);
    fake.dropNext(key, 500_000);
    expect((await downloadModel({ modelsDir, model, hf: client(), retry: { ...FAST_RETRY, retries: 0 } })).ok).toBe(false);
    fake.ignoreRange = true;
    try {
      const result = await downloadModel({ modelsDir, model, hf: client(), retry: FAST_RETRY });
      if (!result.ok) throw new Error(result.error.message);
      expect(sha(await readFile(join(modelsDir, model.id, BIG)))).toBe(sha(files[BIG]!));
      expect(fake.stats.bytesServed.get(key)).toBe(500_000 + files[BIG]!.length);
    } finally {
      fake.ignoreRange = false;
    }
  });

  it('takes hashes from X-Linked-Etag when the API lists no LFS info, and keeps them across a resume', async () => {
    fake.omitLfsInApi = true;
    try {
      const { repo } = newRepo();
      const modelsDir = await tempDir();
      const model = listedModelAt(repo);
      fake.dropNext(`${repo}/${BIG}`, 700_000);
      expect((await downloadModel({ modelsDir, model, hf: client(), retry: { ...FAST_RETRY, retries: 0 } })).ok).toBe(false);
      const state = JSON.parse(await readFile(join(modelsDir, '.partial', model.id, 'download-state.json'), 'utf8'));
      expect(state.files.find((f: { path: string }) => f.path === BIG).sha256).toBe(sha(files[BIG]!));
      const result = await downloadModel({ modelsDir, model, hf: client(), retry: FAST_RETRY });
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value.manifest.files.find((f) => f.path === BIG)?.sha256).toBe(sha(files[BIG]!));
    } finally {
      fake.omitLfsInApi = false;
    }
  });

  it('refuses a second download of the same model while one runs, and cancelDownload stops the first', async () => {
    const { repo } = newRepo();
    const modelsDir = await tempDir();
    const model = listedModelAt(repo);
    let second: Promise<unknown> | null = null;
    const first = await downloadModel({
      modelsDir,
      model,
      hf: client(),
      retry: FAST_RETRY,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.state !== 'downloading' || second) return;
        second = downloadModel({ modelsDir, model, hf: client(), retry: FAST_RETRY });
        expect(cancelDownload(model.id)).toBe(true);
      },
    });
    expect(await (second as Promise<unknown> | null)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('already being downloaded') },
    });
    expect(first).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(cancelDownload(model.id)).toBe(false);
  });

  it('downloads a listed model by id, configured only by HF_ENDPOINT', async () => {
    const entry = loadModelList().models[0]!;
    const repo = entry.variants[0]!.repo;
    const commit = fake.addRepo(repo, files);
    const modelsDir = await tempDir();
    const result = await downloadListedModel({ id: entry.id, modelsDir, env: { HF_ENDPOINT: fake.url }, retry: FAST_RETRY });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.manifest).toMatchObject({ id: entry.id, sourceRepo: repo, revision: commit, layout: 'immich', precision: 'fp32' });
    const probed = await probeModelFolder(result.value.dir);
    expect(probed.ok ? probed.dim : probed.reason).toBe((await fixtures()).models.immich.embedDim);
    expect(await downloadListedModel({ id: 'nope', modelsDir, env: { HF_ENDPOINT: fake.url } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
