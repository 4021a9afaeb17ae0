/** Downloads a listed model from Hugging Face: plan, space check, resumable verified files, scalars, atomic install. */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiError, DownloadProgress, Result } from '../../../preload/contract.js';
import type { Logger } from '../ports.js';
import { writeFileAtomic } from '../atomic-file.js';
import { findListedModel, findVariant, loadModelList, type ModelList, type ListedModel, type ListedVariant } from './model-list.js';
import { checkDiskSpace, freeSpace, type FreeSpaceFn } from './disk-space.js';
import { fetchFile, type FetchedFile, type PlannedFile } from './download-file.js';
import { ProgressTracker } from './download-progress.js';
import { createHttpClient } from './http.js';
import {
  DEFAULT_RETRY,
  DownloadError,
  huggingFaceFromEnv,
  isSafeRepoPath,
  resolveRevision,
  withRetry,
  type HuggingFace,
  type RepoFile,
  type RetryPolicy,
} from './hugging-face.js';
import { getInstalled, installStaged, PARTIAL_DIR, writeManifest, type InstalledModel, type ModelManifest } from './registry.js';
import { readLogitScalars } from './safetensors.js';

/** Everything one download needs; `hf` carries the endpoint, token and proxy-aware HTTP client. */
export interface DownloadOptions {
  modelsDir: string;
  model: ListedModel;
  /** A variant id of the model; its default when omitted. */
  variant?: string;
  hf: HuggingFace;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  retry?: RetryPolicy;
  freeSpace?: FreeSpaceFn;
  log?: Logger;
  progressIntervalMs?: number;
}

/** What a `.partial/<id>/` folder was started for: the same plan is continued on resume, never re-resolved. */
interface DownloadState {
  variant: string;
  repo: string;
  commit: string;
  files: PlannedFile[];
}

const STATE_FILE = 'download-state.json';
const active = new Map<string, AbortController>();

/** Cancels the running download of `modelId`; its partial folder stays so a later download resumes it. */
export function cancelDownload(modelId: string): boolean {
  const controller = active.get(modelId);
  controller?.abort();
  return controller !== undefined;
}

/** ONNX external-data names next to `model.onnx`: `model.onnx_data`, `model.onnx.data`, optionally `_1`, `_2`, … */
function externalDataOf(onnxPath: string, name: string): boolean {
  if (!name.startsWith(onnxPath)) return false;
  return /^(_data|\.data)(_\d{1,3})?$/.test(name.slice(onnxPath.length));
}

/**
 * The variant's files plus ONNX external-data files next to them, and nothing else Hugging Face lists. Every path is a
 * plain relative name (checked again where it is written).
 */
function planFiles(variant: ListedVariant, files: Map<string, RepoFile>, commit: string): PlannedFile[] {
  const wanted = new Set(variant.files.map((f) => f.path));
  for (const onnx of variant.files.filter((f) => f.path.endsWith('.onnx'))) {
    for (const name of files.keys()) if (externalDataOf(onnx.path, name)) wanted.add(name);
  }
  return [...wanted].map((path) => {
    const remote = files.get(path);
    if (!remote)
      throw new DownloadError(
        'not_found',
        `${variant.repo} at commit ${commit.slice(0, 10)} has no file ${path}; the export changed. Update Shoebox or import the model folder instead.`,
        false,
      );
    if (!isSafeRepoPath(path))
      throw new DownloadError('invalid_input', `The model list names an unsafe file "${path}" for ${variant.repo}.`, false);
    const known = variant.files.find((f) => f.path === path)?.sha256 ?? null;
    return { path, size: remote.size, sha256: known ?? remote.sha256, blobId: remote.blobId };
  });
}

async function loadState(dir: string, variant: ListedVariant): Promise<DownloadState | null> {
  try {
    const state = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as DownloadState;
    const sound = Array.isArray(state.files) && state.files.every((f) => typeof f?.path === 'string' && isSafeRepoPath(f.path));
    return state.variant === variant.id && state.repo === variant.repo && sound ? state : null;
  } catch {
    return null;
  }
}

async function partSizes(dir: string, files: PlannedFile[]): Promise<number> {
  let have = 0;
  for (const f of files) {
    const size = (p: string): Promise<number> =>
      stat(p).then(
        (s) => s.size,
        () => 0,
      );
    have += Math.max(await size(join(dir, f.path)), await size(join(dir, `${f.path}.part`)));
  }
  return have;
}

function toError(err: unknown, model: ListedModel, modelsDir: string): ApiError {
  if (err instanceof DownloadError) return { code: err.code, message: err.message };
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC')
    return {
      code: 'disk_full',
      message: `The disk holding ${modelsDir} filled up while downloading ${model.name}. Free some space and download again: it resumes where it stopped.`,
    };
  if (code) return { code: 'io', message: `Could not write ${model.name} into ${modelsDir} (${code}): ${(err as Error).message}` };
  return { code: 'internal', message: `Downloading ${model.name} failed unexpectedly: ${(err as Error).message}` };
}

async function readScalars(
  opts: DownloadOptions,
  signal: AbortSignal,
  retry: RetryPolicy,
): Promise<{ logitScaleLog: number | null; logitBias: number | null }> {
  const { model } = opts;
  if (model.logitScaleLog !== null && model.logitBias !== null) return { logitScaleLog: model.logitScaleLog, logitBias: model.logitBias };
  try {
    return await withRetry(() => readLogitScalars(opts.hf, model.checkpointRepo, 'main', signal), retry, signal);
  } catch (err) {
    if (err instanceof DownloadError && err.code === 'cancelled') throw err;
    opts.log?.warn('logit scalars unavailable: match probabilities will be off for this model', {
      model: model.id,
      error: (err as Error).message,
    });
    return { logitScaleLog: model.logitScaleLog, logitBias: model.logitBias };
  }
}

async function run(opts: DownloadOptions, variant: ListedVariant, signal: AbortSignal): Promise<InstalledModel> {
  const { model, modelsDir, hf } = opts;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const partialDir = join(modelsDir, PARTIAL_DIR, model.id);
  await mkdir(join(modelsDir, PARTIAL_DIR), { recursive: true });
  let state = await loadState(partialDir, variant);
  if (!state) {
    await rm(partialDir, { recursive: true, force: true });
    const rev = await withRetry(() => resolveRevision(hf, variant.repo, variant.revision, signal), retry, signal);
    state = { variant: variant.id, repo: variant.repo, commit: rev.commit, files: planFiles(variant, rev.files, rev.commit) };
  }
  const total = state.files.reduce((s, f) => s + (f.size ?? 0), 0);
  const have = await partSizes(partialDir, state.files);
  const space = await checkDiskSpace(modelsDir, Math.max(0, total - have), opts.freeSpace ?? freeSpace);
  if (!space.ok) throw new DownloadError('disk_full', space.message, false);
  await mkdir(partialDir, { recursive: true });
  const plan = state;
  // A state file cut short by a crash would make the next attempt start over instead of resuming.
  const saveState = (): Promise<void> => writeFileAtomic(join(partialDir, STATE_FILE), JSON.stringify(plan));
  await saveState();
  const progress = new ProgressTracker(model.id, total, (p) => opts.onProgress?.(p), opts.progressIntervalMs);
  const ctx = {
    hf,
    repo: state.repo,
    commit: state.commit,
    partialDir,
    progress,
    retry,
    signal,
    onPlanChange: saveState,
    onRetry: (e: DownloadError) => opts.log?.warn('download retry', { model: model.id, error: e.message }),
  };
  const fetched: FetchedFile[] = [];
  for (const file of state.files) fetched.push(await fetchFile(ctx, file));
  progress.emit('verifying');
  const scalars = await readScalars(opts, signal, retry);
  const manifest: ModelManifest = {
    id: model.id,
    name: model.name,
    sourceRepo: state.repo,
    revision: state.commit,
    variant: variant.id,
    int8Guard: null,
    precision: variant.precision,
    layout: variant.layout,
    imageSize: model.imageSize,
    embedDim: model.embedDim,
    contextLength: model.contextLength,
    ...scalars,
    logitScale: scalars.logitScaleLog === null ? null : Math.exp(scalars.logitScaleLog),
    files: fetched,
    installedAt: Date.now(),
    origin: 'download',
    importedFrom: null,
  };
  await rm(join(partialDir, STATE_FILE));
  await writeManifest(partialDir, manifest);
  const dir = await installStaged(modelsDir, model.id, partialDir);
  progress.emit('done');
  return { dir, manifest };
}

/**
 * Downloads (or resumes) `model` into `<modelsDir>/<id>/`. Failures come back as values with a message a person can
 * act on; a checksum failure, a missing file or refused access deletes the partial folder, while a cancel, a broken
 * connection or a full disk keep it so the next call resumes without fetching again what is already there.
 */
export async function downloadModel(opts: DownloadOptions): Promise<Result<InstalledModel>> {
  const { model, modelsDir } = opts;
  const variant = findVariant(model, opts.variant);
  const fail = (error: ApiError, progressState: DownloadProgress['state'] = 'failed'): Result<InstalledModel> => {
    opts.onProgress?.({
      modelId: model.id,
      state: progressState,
      bytes: 0,
      totalBytes: 0,
      rate: 0,
      etaSeconds: null,
      message: error.message,
    });
    return { ok: false, error };
  };
  if (!variant)
    return fail({
      code: 'invalid_input',
      message: `${model.name} has no variant "${opts.variant}"; choose one of ${model.variants.map((v) => v.id).join(', ')}.`,
    });
  const installed = await getInstalled(modelsDir, model.id);
  if (installed?.manifest.variant === variant.id) return { ok: true, value: installed };
  if (active.has(model.id)) return fail({ code: 'conflict', message: `${model.name} is already being downloaded.` });
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) controller.abort();
  active.set(model.id, controller);
  try {
    return { ok: true, value: await run(opts, variant, controller.signal) };
  } catch (err) {
    const error = controller.signal.aborted
      ? { code: 'cancelled' as const, message: `The download of ${model.name} was cancelled; starting it again resumes where it stopped.` }
      : toError(err, model, modelsDir);
    if (
      ['checksum', 'not_found', 'invalid_input', 'internal'].includes(error.code) ||
      (error.code === 'network' && err instanceof DownloadError && !err.retryable)
    ) {
      await rm(join(modelsDir, PARTIAL_DIR, model.id), { recursive: true, force: true });
    }
    return fail(error, error.code === 'cancelled' ? 'cancelled' : 'failed');
  } finally {
    active.delete(model.id);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Options of {@link downloadListedModel}: a listed model's id instead of a model, the environment instead of a client. */
export type ListedDownloadOptions = Omit<DownloadOptions, 'model' | 'hf'> & { id: string; modelList?: ModelList; env?: NodeJS.ProcessEnv };

/** Downloads listed model `id` through a Hugging Face client built from the environment (HF_ENDPOINT, HF_TOKEN, proxies). */
export async function downloadListedModel(opts: ListedDownloadOptions): Promise<Result<InstalledModel>> {
  const model = findListedModel(opts.modelList ?? loadModelList(), opts.id);
  if (!model) return { ok: false, error: { code: 'not_found', message: `There is no model "${opts.id}" in the model list.` } };
  const env = opts.env ?? process.env;
  const http = createHttpClient({ env });
  try {
    return await downloadModel({ ...opts, model, hf: huggingFaceFromEnv(http, env) });
  } finally {
    await http.close();
  }
}
