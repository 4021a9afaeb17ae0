/** Imports a model folder from disk: probe it, copy it into the models folder with hashes, register it. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Result } from '../../../preload/contract.js';
import type { ModelList } from './model-list.js';
import { checkDiskSpace, freeSpace, type FreeSpaceFn } from './disk-space.js';
import { probeModelFolder, type ProbeResult } from './probe.js';
import {
  getInstalled,
  installStaged,
  MANIFEST_FILE,
  PARTIAL_DIR,
  writeManifest,
  type InstalledModel,
  type ModelManifest,
} from './registry.js';

/** Options for {@link importModelFolder}. */
export interface ImportOptions {
  /** Listed models' ids are reserved: an import never takes one. */
  modelList?: ModelList;
  freeSpace?: FreeSpaceFn;
  /** Replaces the real probe (loads both towers on CPU) — for callers that already probed. */
  probe?: (dir: string) => Promise<ProbeResult>;
}

/** A folder name as a model id: lowercase, dashes for anything else, unique among installed and listed models. */
async function deriveId(modelsDir: string, dir: string, modelList?: ModelList): Promise<string> {
  const base =
    basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 60) || 'model';
  const reserved = new Set(modelList?.models.map((m) => m.id) ?? []);
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (
      !reserved.has(id) &&
      !(await getInstalled(modelsDir, id)) &&
      !(await stat(join(modelsDir, id)).then(
        () => true,
        () => false,
      ))
    )
      return id;
  }
}

/** Every regular file under `dir` (relative, `/`-separated), skipping hidden entries and an old manifest. */
async function filesUnder(dir: string): Promise<{ path: string; size: number }[]> {
  const out: { path: string; size: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = join(entry.parentPath, entry.name);
    const rel = relative(dir, full).split(sep).join('/');
    if (!entry.isFile() || rel.split('/').some((part) => part.startsWith('.')) || rel === MANIFEST_FILE) continue;
    out.push({ path: rel, size: (await stat(full)).size });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Imports the model in `dir` (Immich or transformers.js layout). It is probed first (both towers loaded and run once);
 * a folder that fails is refused with exactly what is wrong. A good one is COPIED into `<modelsDir>/<id>/` (so the
 * source may later move or vanish) with every file's SHA-256 in the manifest; the id derives from the folder name.
 */
export async function importModelFolder(modelsDir: string, dir: string, opts: ImportOptions = {}): Promise<Result<InstalledModel>> {
  const source = resolve(dir);
  if (source === resolve(modelsDir) || source.startsWith(resolve(modelsDir) + sep)) {
    return {
      ok: false,
      error: { code: 'conflict', message: `${source} is already inside the models folder; it is installed or being downloaded.` },
    };
  }
  const probed = await (opts.probe ?? probeModelFolder)(source);
  if (!probed.ok)
    return { ok: false, error: { code: 'invalid_input', message: `${source} is not a usable SigLIP model: ${probed.reason}` } };
  const id = await deriveId(modelsDir, source, opts.modelList);
  const staged = join(modelsDir, PARTIAL_DIR, `${id}.import-${process.pid}-${Date.now()}`);
  try {
    const files = await filesUnder(source);
    const space = await checkDiskSpace(
      modelsDir,
      files.reduce((s, f) => s + f.size, 0),
      opts.freeSpace ?? freeSpace,
    );
    if (!space.ok) return { ok: false, error: { code: 'disk_full', message: space.message } };
    const recorded: ModelManifest['files'] = [];
    for (const f of files) {
      const to = join(staged, f.path);
      await mkdir(join(to, '..'), { recursive: true });
      await copyFile(join(source, f.path), to);
      recorded.push({ path: f.path, size: f.size, sha256: await sha256Of(to) });
    }
    const { folder, dim } = probed;
    const manifest: ModelManifest = {
      id,
      name: basename(source),
      sourceRepo: null,
      revision: null,
      variant: null,
      int8Guard: null,
      precision: folder.availablePrecisions[0] ?? 'fp32',
      layout: folder.layout,
      imageSize: folder.imageSize,
      embedDim: dim,
      contextLength: folder.contextLength,
      logitScaleLog: null,
      logitBias: null,
      logitScale: null,
      files: recorded,
      installedAt: Date.now(),
      origin: 'import',
      importedFrom: source,
    };
    await writeManifest(staged, manifest);
    return { ok: true, value: { dir: await installStaged(modelsDir, id, staged), manifest } };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOSPC'
        ? `The disk filled up while copying ${source} into ${modelsDir}. Free some space and import again.`
        : `Could not copy ${source} into ${modelsDir}: ${(err as Error).message}`;
    return { ok: false, error: { code: code === 'ENOSPC' ? 'disk_full' : 'io', message } };
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}
