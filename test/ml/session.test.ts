/** Provider candidates per platform, and real fallback from unavailable providers (WebGPU, CUDA) to CPU. */
import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cudaInstalled, openSession, providerCandidates, SessionOpenError, webgpuPossible } from '../../main/core/ml/session.js';
import { fixtures } from '../helpers/fixtures.js';

describe('providerCandidates', () => {
  // This machine has no CUDA provider library installed (onnxruntime-node's install script is skipped).
  it('orders the automatic choice per platform', () => {
    expect(providerCandidates('auto', 'linux')).toEqual(webgpuPossible('linux') ? ['webgpu', 'cpu'] : ['cpu']);
    expect(providerCandidates('auto', 'win32')).toEqual(['dml', 'webgpu', 'cpu']);
    expect(providerCandidates('auto', 'darwin')).toEqual(['coreml', 'webgpu', 'cpu']);
  });

  it('offers WebGPU on Linux only where a Vulkan loader exists', async () => {
    const lib = await mkdtemp(join(tmpdir(), 'shoebox-vulkan-'));
    try {
      expect(webgpuPossible('linux', [lib])).toBe(false);
      await writeFile(join(lib, 'libvulkan.so.1'), '');
      expect(webgpuPossible('linux', [lib])).toBe(true);
      expect(webgpuPossible('win32', [])).toBe(true);
    } finally {
      await rm(lib, { recursive: true, force: true });
    }
  });

  it('detects the CUDA provider library by platform and architecture', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'shoebox-ort-bin-'));
    try {
      expect(cudaInstalled('linux', bin)).toBe(false);
      await mkdir(join(bin, 'napi-v6', 'linux', process.arch), { recursive: true });
      await writeFile(join(bin, 'napi-v6', 'linux', process.arch, 'libonnxruntime_providers_cuda.so'), '');
      expect(cudaInstalled('linux', bin)).toBe(true);
      expect(cudaInstalled('win32', bin)).toBe(false);
      expect(cudaInstalled('linux', join(bin, 'absent'))).toBe(false);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });

  it('tries an explicit provider first, then CPU', () => {
    expect(providerCandidates('cuda', 'linux')).toEqual(['cuda', 'cpu']);
    expect(providerCandidates('dml', 'win32')).toEqual(['dml', 'cpu']);
    expect(providerCandidates('webgpu', 'darwin')).toEqual(['webgpu', 'cpu']);
    expect(providerCandidates('cpu', 'linux')).toEqual(['cpu']);
  });
});

describe('openSession', () => {
  it.each(['webgpu', 'cuda'] as const)('falls back from %s to CPU and records why', async (setting) => {
    const model = (await fixtures()).immichModel;
    const opened = await openSession(join(model, 'visual', 'model.onnx'), { provider: setting, threads: 1 });
    try {
      expect(opened.provider).toBe('cpu');
      expect(opened.attempts.map((a) => a.provider)).toEqual([setting]);
      // onnxruntime-node 1.30 on a machine without a GPU / without the CUDA provider library.
      // No CUDA provider library here, so it is not even tried; WebGPU is tried only where a Vulkan loader exists.
      expect(opened.attempts[0]!.error).toMatch(setting === 'cuda' ? /CUDA provider is not installed/ : /WebGPU|adapter|Vulkan/i);
      expect(opened.session.inputNames).toEqual(['image']);
    } finally {
      await opened.session.release();
    }
  });

  it('uses CPU directly when asked, with no failed attempts', async () => {
    const model = (await fixtures()).xenovaModel;
    const opened = await openSession(join(model, 'onnx', 'text_model.onnx'), { provider: 'cpu' });
    expect(opened.provider).toBe('cpu');
    expect(opened.attempts).toEqual([]);
    await opened.session.release();
  });

  it('reports every attempt when no provider can load the file', async () => {
    const model = (await fixtures()).immichModel;
    const bogus = join(model, 'config.json');
    const err = await openSession(bogus, { provider: 'webgpu' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SessionOpenError);
    expect((err as SessionOpenError).attempts.map((a) => a.provider)).toEqual(['webgpu', 'cpu']);
    expect((err as SessionOpenError).message).toContain(bogus);
  });
});
