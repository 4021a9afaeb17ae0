/** Opens ONNX sessions on the best execution provider, trying each alone and falling back, since ORT does not. */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { ort as loadOrt } from './ort.js';
import { SLEEPING_POOL } from './sleeping-pool.js';
import { tensorInfos, zerosFor } from './tensor-io.js';

/** An onnxruntime execution provider the app knows how to ask for. */
export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

/** The user's choice: a provider, or 'auto' for the best one this machine offers. */
export type ProviderSetting = 'auto' | ProviderName;

/** A session together with the provider it runs on and every provider that failed before it. */
export interface OpenedSession {
  session: ort.InferenceSession;
  provider: ProviderName;
  attempts: { provider: ProviderName; error: string }[];
}

/** No provider could run the model; `attempts` says why each one failed. */
export class SessionOpenError extends Error {
  constructor(
    readonly modelPath: string,
    readonly attempts: { provider: ProviderName; error: string }[],
  ) {
    super(`cannot open ${modelPath}: ${attempts.map((a) => `${a.provider}: ${a.error}`).join('; ')}`);
    this.name = 'SessionOpenError';
  }
}

const nodeRequire = typeof require === 'function' ? require : createRequire(import.meta.url);

/** The `bin` folder of the installed onnxruntime-node package, or null when it cannot be found. */
function ortBinDir(): string | null {
  try {
    return join(dirname(nodeRequire.resolve('onnxruntime-node/package.json')), 'bin');
  } catch {
    return null;
  }
}

/**
 * True when onnxruntime-node's CUDA provider library is installed under `binDir` (in napi-vN, then platform, then arch) for
 * `platform`; it is an opt-in download (`ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install`).
 */
export function cudaInstalled(platform: NodeJS.Platform, binDir: string | null = ortBinDir()): boolean {
  if (binDir === null || !existsSync(binDir)) return false;
  const file = platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  const napiDirs = readdirSync(binDir).filter((d) => d.startsWith('napi-v'));
  return napiDirs.some((d) => existsSync(join(binDir, d, platform, process.arch, file)));
}

const VULKAN_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/lib/x86_64-linux-gnu',
  '/lib64',
];

/** WebGPU on Linux runs on Vulkan: without a Vulkan loader it can only fail (and print a native warning). */
export function webgpuPossible(platform: NodeJS.Platform, dirs: readonly string[] = VULKAN_DIRS): boolean {
  return platform !== 'linux' || dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')));
}

/** Why `provider` cannot run on this computer (not on this OS, or its library or driver is missing), or null. */
export function unavailableReason(provider: ProviderName, platform: NodeJS.Platform = process.platform): string | null {
  switch (provider) {
    case 'cpu':
      return null;
    case 'cuda':
      if (platform !== 'linux' && platform !== 'win32') return 'CUDA does not exist on this operating system';
      return cudaInstalled(platform) ? null : "the CUDA provider is not installed (see the README's GPU section)";
    case 'dml':
      return platform === 'win32' ? null : 'DirectML exists only on Windows';
    case 'coreml':
      return platform === 'darwin' ? null : 'Core ML exists only on macOS';
    case 'webgpu':
      return webgpuPossible(platform) ? null : 'WebGPU needs a Vulkan driver here, and none is installed';
  }
}

/**
 * Providers to try in order. 'auto': CUDA (Linux/Windows, only when its library is installed), DirectML (Windows),
 * CoreML (macOS), WebGPU (on Linux only with a Vulkan loader), then CPU. An explicit provider is tried first with CPU as the fallback.
 */
export function providerCandidates(setting: ProviderSetting, platform: NodeJS.Platform = process.platform): ProviderName[] {
  if (setting === 'cpu') return ['cpu'];
  if (setting !== 'auto') return [setting, 'cpu'];
  const out: ProviderName[] = [];
  if ((platform === 'linux' || platform === 'win32') && cudaInstalled(platform)) out.push('cuda');
  if (platform === 'win32') out.push('dml');
  if (platform === 'darwin') out.push('coreml');
  if (webgpuPossible(platform)) out.push('webgpu');
  out.push('cpu');
  return out;
}

/** Runs the model once on zeros so a provider that loads but cannot execute is caught here, not on the first photo. */
async function warmUp(session: ort.InferenceSession): Promise<void> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const info of tensorInfos(session.inputMetadata)) {
    const zeros = zerosFor(info);
    if (!zeros) return;
    feeds[info.name] = zeros;
  }
  await session.run(feeds);
}

/** A provider's error as a person can read it: first line, without ORT's source location and failed-assertion text. */
function message(e: unknown): string {
  const line = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
  const withoutSource = line.replace(/^\S+\.(?:cc|cpp|h):\d+ /, '');
  return /(?:^|\s)was false\. (.+)$/.exec(withoutSource)?.[1] ?? withoutSource;
}

/**
 * Opens `modelPath` on the first candidate provider that works, each tried alone. A non-CPU provider must also
 * survive one run on zeros. Throws {@link SessionOpenError} with every attempt when none works.
 */
export async function openSession(
  modelPath: string,
  opts: { provider: ProviderSetting; threads?: number; platform?: NodeJS.Platform },
): Promise<OpenedSession> {
  const attempts: OpenedSession['attempts'] = [];
  for (const provider of providerCandidates(opts.provider, opts.platform)) {
    // Trying a provider that cannot exist here only makes onnxruntime print native errors: say why and move on.
    const unavailable = unavailableReason(provider, opts.platform);
    if (unavailable) {
      attempts.push({ provider, error: unavailable });
      continue;
    }
    let session: ort.InferenceSession | undefined;
    try {
      session = await loadOrt().InferenceSession.create(modelPath, {
        executionProviders: [provider],
        graphOptimizationLevel: 'all',
        ...(opts.threads ? { intraOpNumThreads: opts.threads } : {}),
        extra: SLEEPING_POOL,
      });
      if (provider !== 'cpu') await warmUp(session);
      return { session, provider, attempts };
    } catch (e) {
      attempts.push({ provider, error: message(e) });
      await session?.release().catch(() => undefined);
    }
  }
  throw new SessionOpenError(modelPath, attempts);
}
