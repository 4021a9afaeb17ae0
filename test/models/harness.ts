/** Shared pieces of the model tests: temp folders, fixture files as a fake repo, a Hugging Face client wired to the fake one. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { findListedModel, loadModelList, type ListedModel } from '../../main/core/ml/model-list.js';
import { createHttpClient, type HttpClient } from '../../main/core/ml/http.js';
import { huggingFaceFromEnv, type HuggingFace, type RetryPolicy } from '../../main/core/ml/hugging-face.js';
import type { FakeHuggingFace } from './fake-hugging-face.js';

/** Retries quick enough for tests. */
export const FAST_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 20, maxDelayMs: 200 };

const made: string[] = [];

/** A fresh temp folder, removed by {@link cleanTemp}. */
export async function tempDir(prefix = 'shoebox-models-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder made by {@link tempDir}. */
export async function cleanTemp(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Every file under `dir` keyed by its `/`-separated relative path. */
export async function readTree(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[relative(dir, join(e.parentPath, e.name)).split(sep).join('/')] = await readFile(join(e.parentPath, e.name));
  }
  return out;
}

/** A Hugging Face client pointed at the fake one through `HF_ENDPOINT`, with only the given extra environment (no host proxies). */
export function huggingFaceFor(fake: FakeHuggingFace, env: NodeJS.ProcessEnv = {}): { hf: HuggingFace; http: HttpClient } {
  const fullEnv = { HF_ENDPOINT: fake.url, ...env };
  const http = createHttpClient({ env: fullEnv, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 });
  return { hf: huggingFaceFromEnv(http, fullEnv), http };
}

/** The Immich fixture model's files plus a 3 MB external-data file (big enough to interrupt mid-way). */
export async function immichRepoFiles(immichModel: string): Promise<Record<string, Buffer>> {
  const files = await readTree(immichModel);
  const big = Buffer.alloc(3_000_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
  return { ...files, 'visual/model.onnx_data': big };
}

/** The shipped Multilingual 256 model list entry, pointed at another repo (and checkpoint) of the fake Hugging Face. */
export function listedModelAt(repo: string, checkpointRepo = 'google/siglip-base-patch16-256-multilingual'): ListedModel {
  const base = structuredClone(findListedModel(loadModelList(), 'siglip-base-256-multilingual'));
  if (!base) throw new Error('the model list lacks siglip-base-256-multilingual');
  base.checkpointRepo = checkpointRepo;
  base.variants = base.variants.map((v) => ({ ...v, repo }));
  return base;
}
