/** Installed models, app-wide: `<modelsDir>/<id>/` folders, each described by its `shoebox-manifest.json`. */
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ModelInfo } from '../../../preload/contract.js';
import type { Logger } from '../ports.js';
import { writeFileAtomic } from '../atomic-file.js';
import { approxVariantBytes, findVariant, type ModelList } from './model-list.js';

/** The manifest's file name inside each installed model folder. */
export const MANIFEST_FILE = 'shoebox-manifest.json';
/** Downloads and imports are staged here, then renamed into place whole. */
export const PARTIAL_DIR = '.partial';

/** Model ids double as folder names: lowercase letters, digits, dots and dashes. */
export const MODEL_ID = /^[a-z0-9][a-z0-9.-]{0,79}$/;

/** What an installed model is, where it came from, and what every file must hash to. */
export const manifestSchema = z.object({
  id: z.string().regex(MODEL_ID),
  name: z.string(),
  /** Hugging Face repository it was downloaded from; null for imports. */
  sourceRepo: z.string().nullable(),
  /** The commit the download resolved to (never a branch name); null for imports. */
  revision: z.string().nullable(),
  variant: z.string().nullable(),
  precision: z.enum(['fp32', 'fp16', 'int8']),
  layout: z.enum(['immich', 'xenova']),
  imageSize: z.number().int().positive(),
  embedDim: z.number().int().positive(),
  contextLength: z.number().int().positive(),
  /** `logit_scale` as the checkpoint stores it: a log. */
  logitScaleLog: z.number().nullable(),
  logitBias: z.number().nullable(),
  /** exp(logitScaleLog), for display only. */
  logitScale: z.number().nullable(),
  files: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  installedAt: z.number(),
  origin: z.enum(['download', 'import']),
  /** The folder an import was copied from. */
  importedFrom: z.string().nullable(),
  /** How the int8 towers agreed with fp32 when checked on this machine (null: not checked yet). */
  int8Guard: z
    .object({
      accepted: z.boolean(),
      meanCosine: z.number(),
      minCosine: z.number(),
      samples: z.number(),
      // Verdicts written before this field was kept count as checked on no photos of the person: checked again.
      photos: z.number().default(0),
      message: z.string(),
      checkedAt: z.number(),
    })
    .nullable()
    .default(null),
});

export type ModelManifest = z.infer<typeof manifestSchema>;

/** An installed model: its folder and its manifest. */
export interface InstalledModel {
  dir: string;
  manifest: ModelManifest;
}

/** Writes the manifest into a (staged or installed) model folder. */
export async function writeManifest(dir: string, manifest: ModelManifest): Promise<void> {
  // A reader at the same moment (status, the indexer's plan) must never see a truncated file: the model looked absent.
  await writeFileAtomic(join(dir, MANIFEST_FILE), JSON.stringify(manifestSchema.parse(manifest), null, 2) + '\n');
}

/** A model folder whose manifest is there but cannot be used, and why (in words a person can act on). */
interface DamagedModel {
  id: string;
  dir: string;
  reason: string;
}

type ManifestRead = { ok: true; manifest: ModelManifest } | { ok: false; reason: string } | null;

/** The folder's manifest; null when it has none (not a model folder), a reason when it is there but unusable. */
async function readManifest(dir: string, id: string): Promise<ManifestRead> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? null
      : { ok: false, reason: `its ${MANIFEST_FILE} could not be read (${code ?? String(err)})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: `its ${MANIFEST_FILE} is not valid JSON` };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `its ${MANIFEST_FILE} is incomplete (${issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'unreadable'})`,
    };
  }
  if (parsed.data.id !== id) return { ok: false, reason: `its ${MANIFEST_FILE} describes another model ("${parsed.data.id}")` };
  return { ok: true, manifest: parsed.data };
}

/** Every model folder, sorted by id: those with a valid manifest, and those whose manifest is damaged. */
async function scanModels(modelsDir: string): Promise<{ installed: InstalledModel[]; damaged: DamagedModel[] }> {
  let names: string[];
  try {
    names = (await readdir(modelsDir, { withFileTypes: true })).filter((d) => d.isDirectory() && MODEL_ID.test(d.name)).map((d) => d.name);
  } catch {
    return { installed: [], damaged: [] }; // no models folder yet: nothing installed
  }
  const installed: InstalledModel[] = [];
  const damaged: DamagedModel[] = [];
  for (const name of names.sort()) {
    const dir = join(modelsDir, name);
    const read = await readManifest(dir, name);
    if (read?.ok) installed.push({ dir, manifest: read.manifest });
    else if (read) damaged.push({ id: name, dir, reason: read.reason });
  }
  return { installed, damaged };
}

/** Every model folder with a valid manifest, sorted by id; folders without one are not models and are skipped. */
export async function listInstalled(modelsDir: string): Promise<InstalledModel[]> {
  return (await scanModels(modelsDir)).installed;
}

/** The installed model `id`, or null. */
export async function getInstalled(modelsDir: string, id: string): Promise<InstalledModel | null> {
  if (!MODEL_ID.test(id)) return null;
  const read = await readManifest(join(modelsDir, id), id);
  return read?.ok ? { dir: join(modelsDir, id), manifest: read.manifest } : null;
}

/** Deletes model `id` and any partial download of it; false when neither existed. */
export async function removeInstalled(modelsDir: string, id: string): Promise<boolean> {
  if (!MODEL_ID.test(id)) return false;
  const installed = await getInstalled(modelsDir, id);
  const partial = join(modelsDir, PARTIAL_DIR, id);
  const hadPartial = await readdir(partial).then(
    () => true,
    () => false,
  );
  await rm(join(modelsDir, id), { recursive: true, force: true });
  await rm(partial, { recursive: true, force: true });
  return installed !== null || hadPartial;
}

/** Moves a complete staged folder to `<modelsDir>/<id>`, replacing an installed copy only once the new one is in place. */
export async function installStaged(modelsDir: string, id: string, staged: string): Promise<string> {
  const target = join(modelsDir, id);
  const old = join(modelsDir, PARTIAL_DIR, `${id}.old-${Date.now()}`);
  const hadOld = await rename(target, old).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return false;
      throw err;
    },
  );
  try {
    await rename(staged, target);
  } catch (err) {
    if (hadOld) await rename(old, target);
    throw err;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
  return target;
}

/** Inputs of {@link listModels}: the caller knows which model is active and which one it recommends. */
export interface ListModelsOptions {
  modelsDir: string;
  modelList: ModelList;
  active: string | null;
  recommended: string | null;
  /** Hears every model folder that is there but damaged (it is also listed, with the reason, for the person). */
  log?: Logger;
}

/** The listed models and the imported ones, with installed flags, as the contract's {@link ModelInfo} list. */
export async function listModels(opts: ListModelsOptions): Promise<ModelInfo[]> {
  const scan = await scanModels(opts.modelsDir);
  const installed = new Map(scan.installed.map((m) => [m.manifest.id, m.manifest]));
  const damaged = new Map(scan.damaged.map((d) => [d.id, d]));
  for (const d of scan.damaged)
    opts.log?.warn('A model folder is damaged and cannot be used', { model: d.id, dir: d.dir, reason: d.reason });
  const damageNote = (d: DamagedModel): string =>
    `The copy in ${d.dir} is damaged: ${d.reason}. Remove the model and download or import it again.`;
  const diskBytes = (m: ModelManifest): number => m.files.reduce((s, f) => s + f.size, 0);
  const listed = opts.modelList.models.map((c): ModelInfo => {
    const got = installed.get(c.id);
    const variant = findVariant(c);
    return {
      id: c.id,
      name: c.name,
      description: damaged.has(c.id) ? `${damageNote(damaged.get(c.id)!)} ${c.description}` : c.description,
      languages: c.languages,
      imageSize: c.imageSize,
      embedDim: c.embedDim,
      diskBytes: got ? diskBytes(got) : variant ? approxVariantBytes(variant) : null,
      gflops: c.quality.visionGflops,
      imagenetZeroShot: c.quality.imagenetZeroShot,
      cocoR1: c.quality.cocoImageR1,
      variants: c.variants.map((v) => v.id),
      installed: got !== undefined,
      installedVariant: got?.variant ?? null,
      active: opts.active === c.id,
      recommended: opts.recommended === c.id,
      source: 'listed',
    };
  });
  const listedIds = new Set(opts.modelList.models.map((c) => c.id));
  const imported = [...installed.values()]
    .filter((m) => !listedIds.has(m.id))
    .map((m): ModelInfo => ({
      id: m.id,
      name: m.name,
      description: `Imported from ${m.importedFrom ?? 'a local folder'} (${m.layout} layout, ${m.precision}).`,
      languages: 'Unknown (imported)',
      imageSize: m.imageSize,
      embedDim: m.embedDim,
      diskBytes: diskBytes(m),
      gflops: null,
      imagenetZeroShot: null,
      cocoR1: null,
      variants: [m.precision],
      installed: true,
      installedVariant: m.precision,
      active: opts.active === m.id,
      recommended: opts.recommended === m.id,
      source: 'imported',
    }));
  const broken = scan.damaged
    .filter((d) => !listedIds.has(d.id))
    .map((d): ModelInfo => ({
      id: d.id,
      name: d.id,
      description: damageNote(d),
      languages: 'Unknown (damaged)',
      imageSize: 0,
      embedDim: 0,
      diskBytes: null,
      gflops: null,
      imagenetZeroShot: null,
      cocoR1: null,
      variants: [],
      installed: false,
      installedVariant: null,
      active: opts.active === d.id,
      recommended: false,
      source: 'imported',
    }));
  return [...listed, ...imported, ...broken];
}
