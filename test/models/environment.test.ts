/** Environment handling: HF_ENDPOINT, proxy variables in either case, free-space checks and network error classes. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDiskSpace, freeSpace, safetyMargin } from '../../main/core/ml/disk-space.js';
import { classifyNetworkError, createHttpClient, proxySettings } from '../../main/core/ml/http.js';
import { DEFAULT_HF_ENDPOINT, huggingFaceFromEnv } from '../../main/core/ml/hugging-face.js';

describe('Hugging Face endpoint and proxy settings', () => {
  it('defaults to huggingface.co and honours HF_ENDPOINT and HF_TOKEN', async () => {
    const http = createHttpClient({ env: {} });
    expect(huggingFaceFromEnv(http, {})).toMatchObject({ endpoint: DEFAULT_HF_ENDPOINT, token: null });
    expect(huggingFaceFromEnv(http, { HF_ENDPOINT: 'https://hf-mirror.example/ ', HF_TOKEN: 'hf_x' })).toMatchObject({
      endpoint: 'https://hf-mirror.example',
      token: 'hf_x',
    });
    await http.close();
  });

  it('reads proxy variables in upper and lower case, lowercase first', () => {
    expect(proxySettings({ HTTPS_PROXY: 'http://a:1', no_proxy: 'localhost' })).toEqual({
      httpProxy: null,
      httpsProxy: 'http://a:1',
      noProxy: 'localhost',
    });
    expect(proxySettings({ HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:2' }).httpProxy).toBe('http://lower:2');
    expect(proxySettings({ HTTP_PROXY: '  ' }).httpProxy).toBeNull();
    expect(createHttpClient({ env: { https_proxy: 'http://p:3128' } }).proxy).toBe('http://p:3128');
  });
});

describe('network error classification', () => {
  const wrapped = (code: string): Error =>
    Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
  it('tells offline from a broken transfer from a cancel, and leaves disk errors alone', () => {
    expect(classifyNetworkError(wrapped('ECONNREFUSED'))).toEqual({ kind: 'offline', code: 'ECONNREFUSED' });
    expect(classifyNetworkError(wrapped('ENOTFOUND'))?.kind).toBe('offline');
    expect(classifyNetworkError(wrapped('ECONNRESET'))?.kind).toBe('network');
    expect(classifyNetworkError(wrapped('UND_ERR_SOCKET'))?.kind).toBe('network');
    expect(classifyNetworkError(Object.assign(new Error('x'), { name: 'AbortError' }))?.kind).toBe('aborted');
    expect(classifyNetworkError(Object.assign(new Error('disk'), { code: 'ENOSPC' }))).toBeNull();
  });
});

describe('disk space', () => {
  it('measures a real volume, walking up from a folder that does not exist yet', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shoebox-space-'));
    try {
      const free = await freeSpace(join(dir, 'not', 'yet'));
      expect(free).toBeGreaterThan(0);
      expect(Math.abs(free - (await freeSpace(dir)))).toBeLessThan(100_000_000);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('demands the download plus a margin and explains a shortfall', async () => {
    expect(safetyMargin(10)).toBe(64 * 1024 * 1024);
    expect(safetyMargin(10_000_000_000)).toBe(200_000_000);
    const need = 1_000_000_000;
    expect(await checkDiskSpace('/m', need, async () => need + safetyMargin(need))).toMatchObject({ ok: true });
    const short = await checkDiskSpace('/m', need, async () => need);
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.message).toMatch(/needs 1018 MB in \/m but only 954 MB is free\. Free up 64 MB/);
  });
});
