/** Download failures each give an actionable message and leave no half-installed model behind. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadModel } from '../../main/core/ml/download.js';
import { getInstalled } from '../../main/core/ml/registry.js';
import { fixtures } from '../helpers/fixtures.js';
import { startFakeHuggingFace, type FakeHuggingFace } from './fake-hugging-face.js';
import { listedModelAt, cleanTemp, FAST_RETRY, huggingFaceFor, immichRepoFiles, tempDir } from './harness.js';
import { buildSafetensors, f32 } from './safetensors-builder.js';

const BIG = 'visual/model.onnx_data';
let fake: FakeHuggingFace;
let files: Record<string, Buffer>;
let n = 0;
const closers: (() => Promise<void>)[] = [];

function newRepo(content = files, opts: { gated?: boolean } = {}): string {
  const repo = `immich-app/broken-${++n}`;
  fake.addRepo(repo, content, opts);
  return repo;
}
function client(env: NodeJS.ProcessEnv = {}) {
  const c = huggingFaceFor(fake, env);
  closers.push(() => c.http.close());
  return c.hf;
}
/** Nothing installed and no partial folder left for `id`. */
async function expectClean(modelsDir: string, id: string): Promise<void> {
  expect(await getInstalled(modelsDir, id)).toBeNull();
  expect(existsSync(join(modelsDir, id))).toBe(false);
  expect(existsSync(join(modelsDir, '.partial', id))).toBe(false);
}
const servedFrom = (repo: string): number =>
  [...fake.stats.bytesServed].filter(([k]) => k.startsWith(`${repo}/`)).reduce((s, [, v]) => s + v, 0);

beforeAll(async () => {
  fake = await startFakeHuggingFace();
  files = await immichRepoFiles((await fixtures()).immichModel);
  fake.addRepo('google/siglip-base-patch16-256-multilingual', {
    'model.safetensors': buildSafetensors({
      logit_scale: { dtype: 'F32', shape: [1], data: f32(2) },
      logit_bias: { dtype: 'F32', shape: [1], data: f32(-3) },
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

describe('download failures', () => {
  it('rejects a file whose SHA-256 does not match and deletes everything it fetched', async () => {
    const repo = newRepo();
    const damaged = Buffer.from(files[BIG]!);
    damaged.writeUInt8(damaged.readUInt8(123_456) ^ 0xff, 123_456);
    fake.corrupt(`${repo}/${BIG}`, damaged);
    const modelsDir = await tempDir();
    const model = listedModelAt(repo);
    const result = await downloadModel({ modelsDir, model, hf: client(), retry: FAST_RETRY });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('checksum');
      expect(result.error.message).toContain(`${repo}/${BIG} arrived damaged`);
    }
    await expectClean(modelsDir, model.id);
  });

  it('reports a missing repository and a missing file as not found, naming them', async () => {
    const modelsDir = await tempDir();
    const missingRepo = await downloadModel({
      modelsDir,
      model: listedModelAt('immich-app/does-not-exist'),
      hf: client(),
      retry: FAST_RETRY,
    });
    expect(missingRepo).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('immich-app/does-not-exist@main was not found') },
    });

    const { ['textual/tokenizer_config.json']: _dropped, ...rest } = files;
    const repo = newRepo(rest);
    const missingFile = await downloadModel({ modelsDir, model: listedModelAt(repo), hf: client(), retry: FAST_RETRY });
    expect(missingFile).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringContaining('has no file textual/tokenizer_config.json') },
    });
    await expectClean(modelsDir, 'siglip-base-256-multilingual');
  });

  it('says Hugging Face cannot be reached when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const modelsDir = await tempDir();
    const c = huggingFaceFor(fake, { HF_ENDPOINT: `http://127.0.0.1:${port}` });
    closers.push(() => c.http.close());
    const result = await downloadModel({
      modelsDir,
      model: listedModelAt('immich-app/any'),
      hf: c.hf,
      retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 10 },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'offline',
        message: expect.stringMatching(/Cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the internet connection/),
      },
    });
    await expectClean(modelsDir, 'siglip-base-256-multilingual');
  });

  it('refuses before writing a byte when the disk is too full', async () => {
    const repo = newRepo();
    const modelsDir = await tempDir();
    let asked = '';
    const result = await downloadModel({
      modelsDir,
      model: listedModelAt(repo),
      hf: client(),
      retry: FAST_RETRY,
      freeSpace: async (dir) => {
        asked = dir;
        return 50_000_000;
      },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'disk_full', message: expect.stringMatching(/Not enough disk space.*only 47\.7 MB is free/) },
    });
    expect(asked).toBe(modelsDir);
    expect(servedFrom(repo)).toBe(0);
    await expectClean(modelsDir, 'siglip-base-256-multilingual');
  });

  it('explains a gated repository and succeeds once HF_TOKEN is set', async () => {
    const repo = newRepo(files, { gated: true });
    const modelsDir = await tempDir();
    const refused = await downloadModel({ modelsDir, model: listedModelAt(repo), hf: client(), retry: FAST_RETRY });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/HTTP 401.*private or gated.*HF_TOKEN/) } });
    await expectClean(modelsDir, 'siglip-base-256-multilingual');
    const allowed = await downloadModel({
      modelsDir,
      model: listedModelAt(repo),
      hf: client({ HF_TOKEN: 'good-token' }),
      retry: FAST_RETRY,
    });
    expect(allowed.ok).toBe(true);
  });

  it('keeps the partial download on cancel so the next call resumes it', async () => {
    const repo = newRepo();
    const modelsDir = await tempDir();
    const model = listedModelAt(repo);
    const controller = new AbortController();
    const states: string[] = [];
    const result = await downloadModel({
      modelsDir,
      model,
      hf: client(),
      retry: { retries: 0, baseDelayMs: 10, maxDelayMs: 10 },
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        states.push(p.state);
        if (p.bytes > 1_000_000) controller.abort();
      },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled', message: expect.stringContaining('resumes') } });
    expect(states.at(-1)).toBe('cancelled');
    const partial = await readdir(join(modelsDir, '.partial', model.id, 'visual'));
    expect(partial).toContain('model.onnx_data.part');
    const resumed = await downloadModel({ modelsDir, model, hf: client(), retry: FAST_RETRY });
    expect(resumed.ok).toBe(true);
    expect(fake.stats.ranges.get(`${repo}/${BIG}`)?.[0]).toMatch(/^bytes=\d{7}-$/);
  });

  it('verifies small non-LFS files by their git blob id', async () => {
    const repo = newRepo();
    fake.corrupt(`${repo}/config.json`, Buffer.from(files['config.json']!.toString().replace('"embed_dim": 16', '"embed_dim": 61')));
    const modelsDir = await tempDir();
    const result = await downloadModel({ modelsDir, model: listedModelAt(repo), hf: client(), retry: FAST_RETRY });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'checksum', message: expect.stringContaining(`${repo}/config.json arrived damaged: its git blob id`) },
    });
    await expectClean(modelsDir, 'siglip-base-256-multilingual');
  });

  it('checks LFS files against X-Linked-Etag when the API gives no SHA-256', async () => {
    fake.omitLfsInApi = true;
    try {
      const repo = newRepo();
      const damaged = Buffer.from(files[BIG]!);
      damaged.writeUInt8(damaged.readUInt8(7) ^ 1, 7);
      fake.corrupt(`${repo}/${BIG}`, damaged);
      const modelsDir = await tempDir();
      const result = await downloadModel({ modelsDir, model: listedModelAt(repo), hf: client(), retry: FAST_RETRY });
      expect(result).toMatchObject({ ok: false, error: { code: 'checksum', message: expect.stringContaining('its SHA-256') } });
      await expectClean(modelsDir, 'siglip-base-256-multilingual');
    } finally {
      fake.omitLfsInApi = false;
    }
  });

  it('refuses a repository listing names that lead outside the download folder, and writes nothing anywhere', async () => {
    for (const hostile of [
      '../../escaped',
      'visual/model.onnx/../../../../../escaped',
      '/tmp/escaped-absolute',
      'visual\\..\\..\\escaped',
    ]) {
      const repo = newRepo({ ...files, [hostile]: Buffer.from('written by a hostile mirror') });
      const root = await tempDir();
      const modelsDir = join(root, 'models');
      const result = await downloadModel({ modelsDir, model: listedModelAt(repo), hf: client(), retry: FAST_RETRY });
      expect(result, hostile).toMatchObject({
        ok: false,
        error: { code: 'network', message: expect.stringContaining('would be written outside the download folder') },
      });
      if (!result.ok) expect(result.error.message).toContain('HF_ENDPOINT');
      await expectClean(modelsDir, 'siglip-base-256-multilingual');
      expect(await readdir(root, { recursive: true }), hostile).not.toContainEqual(expect.stringContaining('escaped'));
      expect(servedFrom(repo), hostile).toBe(0);
    }
  });

  it('writes only the variant files and their ONNX external data, not other names Hugging Face lists beside them', async () => {
    const extra = {
      'visual/model.onnx_data_1': Buffer.from('second external-data chunk'),
      'visual/model.onnx.backup': Buffer.from('not planned'),
      'visual/model.onnx_evil/x': Buffer.from('not planned'),
    };
    const repo = newRepo({ ...files, ...extra });
    const modelsDir = await tempDir();
    const result = await downloadModel({ modelsDir, model: listedModelAt(repo), hf: client(), retry: FAST_RETRY });
    if (!result.ok) throw new Error(result.error.message);
    const written = (await readdir(result.value.dir, { recursive: true })).map(String);
    expect(written).toContain(join('visual', 'model.onnx_data_1'));
    expect(written).not.toContain(join('visual', 'model.onnx.backup'));
    expect(written).not.toContainEqual(expect.stringContaining('model.onnx_evil'));
    expect(result.value.manifest.files.map((f) => f.path)).not.toContain('visual/model.onnx.backup');
  });
});
