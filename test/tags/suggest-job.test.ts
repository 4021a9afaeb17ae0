/** The suggestion job through core: real SQLite, the fixture models, the worker thread, calibration by file hashes. */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../preload/contract.js';
import Database from 'better-sqlite3';
import { loadModelList, parseModelList } from '../../main/core/ml/model-list.js';
import { getInstalled } from '../../main/core/ml/registry.js';
import { calibrationOf } from '../../main/core/tags/calibration.js';
import { fixtures } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

const BOUND = 5;
let t: TestCore | null = null;
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

async function filesOf(dir: string): Promise<{ path: string; size: number; sha256: string }[]> {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    const bytes = await readFile(full);
    out.push({
      path: relative(dir, full).split(sep).join('/'),
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }
  return out;
}

/** A core with the Immich fixture imported and used, and `photos` (file names of the fixture) in a watched folder. */
async function indexed(opts: { downloadedTwin?: boolean } = {}): Promise<{ t: TestCore; folder: string; photos: PhotoSummary[] }> {
  const fx = await fixtures();
  const core = await tempCore({ watch: true });
  t = core;
  if (opts.downloadedTwin) {
    // A download of a listed model recorded these very files (same SHA-256) with its checkpoint's scale and bias.
    const dir = join(core.paths.modelsDir, 'siglip-base-224');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'shoebox-manifest.json'),
      JSON.stringify({
        id: 'siglip-base-224',
        name: 'SigLIP Base 224',
        sourceRepo: 'immich-app/ViT-B-16-SigLIP__webli',
        revision: 'a'.repeat(40),
        variant: 'immich-fp32',
        precision: 'fp32',
        layout: 'immich',
        imageSize: fx.models.immich.imageSize,
        embedDim: fx.models.immich.embedDim,
        contextLength: fx.models.immich.contextLength,
        logitScaleLog: fx.logits.logitScale,
        logitBias: fx.logits.logitBias,
        logitScale: Math.exp(fx.logits.logitScale),
        files: await filesOf(fx.immichModel),
        installedAt: 1,
        origin: 'download',
        importedFrom: null,
        int8Guard: null,
      }),
    );
  }
  must(await core.core.api.updateSettings({ maxSuggestionsPerPhoto: BOUND }));
  const model = must(await core.core.api.importModel(fx.immichModel));
  must(await core.core.api.useModel(model.id));
  const folder = join(core.root, 'photos');
  await mkdir(folder);
  for (const p of fx.photosManifest.photos) {
    await mkdir(dirname(join(folder, p.file)), { recursive: true });
    await copyFile(join(fx.photos, p.file), join(folder, p.file));
  }
  must(await core.core.api.addFolder(folder));
  await core.core.idle();
  return { t: core, folder, photos: must(await core.core.api.listPhotos({ offset: 0, limit: 100 })).photos };
}

async function expectColoursRight(core: TestCore, photos: PhotoSummary[], colourCount = 12): Promise<void> {
  const colours = new Set(photos.map((p) => /\/([a-z]+)-[a-z]+-\d+\.\w+$/.exec(p.path)![1]!));
  let checked = 0;
  for (const colour of colours) {
    const ids = photos
      .filter((p) => p.path.includes(`/${colour}-`))
      .map((p) => p.id)
      .sort();
    const name = `Colours/${colour[0]!.toUpperCase()}${colour.slice(1)}`;
    const candidates = must(await core.core.api.tagCandidates({ tag: name, limit: 50 }));
    expect(
      candidates
        .slice(0, ids.length)
        .map((c) => c.photo.id)
        .sort(),
      name,
    ).toEqual(ids);
    checked++;
  }
  expect(checked).toBe(colourCount);
}

async function expectBound(core: TestCore, photos: PhotoSummary[]): Promise<void> {
  let total = 0;
  for (const p of photos) {
    const n = must(await core.core.api.getPhoto(p.id)).suggestions.length;
    expect(n).toBeLessThanOrEqual(BOUND);
    total += n;
  }
  expect(total).toBeGreaterThan(0);
}

describe('suggestions in the background', () => {
  it('an imported unknown model: relative scores, said so, bounded, right colours, no tag rows until accepted', async () => {
    const { t, photos } = await indexed();
    expect(must(await t.core.api.suggestionProgress())).toEqual(
      expect.objectContaining({ state: 'idle', calibrated: false, message: null }),
    );
    expect(must(await t.core.api.listTags())).toEqual([]);
    const groups = must(await t.core.api.reviewGroups());
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => !g.calibrated)).toBe(true);
    await expectBound(t, photos);
    await expectColoursRight(t, photos);
    const red = photos.filter((p) => p.path.includes('/red-')).map((p) => p.id);
    must(await t.core.api.acceptSuggestions({ tag: 'Colours/Red', photoIds: red }));
    expect(must(await t.core.api.listTags()).map((x) => [x.name, x.photoCount])).toEqual([['Colours/Red', red.length]]);
    const vocabulary = must(await t.core.api.listVocabulary());
    expect(vocabulary.find((c) => c.name === 'Colours/Red')?.isTag).toBe(true);
    expect(vocabulary.filter((c) => c.isTag).length).toBe(1);
  });

  it('a copy of a listed model (same file hashes) gets its calibration', async () => {
    const { t, photos } = await indexed({ downloadedTwin: true });
    expect(must(await t.core.api.suggestionProgress()).calibrated).toBe(true);
    expect(must(await t.core.api.reviewGroups()).every((g) => g.calibrated)).toBe(true);
    await expectBound(t, photos);
    await expectColoursRight(t, photos);
    expect(must(await t.core.api.listTags())).toEqual([]);
  });

  it('photos added later get suggestions on their own; a pass cut short resumes at the next start', async () => {
    const fx = await fixtures();
    const { t, folder, photos } = await indexed();
    const extra = fx.photosManifest.photos.find((p) => p.file.includes('/red-'))!;
    const copy = join(folder, 'late-red-circle-9.jpg');
    await copyFile(join(fx.photos, extra.file), copy);
    await waitFor(async () => t.core.photoIdByPath(copy) !== null);
    await t.core.idle();
    const late = t.core.photoIdByPath(copy)!;
    expect(must(await t.core.api.getPhoto(late)).suggestions.map((s) => s.tag)).toContain('Colours/Red');

    // As if the app died before these photos were scored: no marks, no proposals.
    const db = new Database(t.paths.catalogFile);
    const cut = photos.slice(0, 6).map((p) => p.id);
    db.prepare('DELETE FROM suggestion_marks WHERE photo_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(cut));
    db.prepare('DELETE FROM concept_suggestions WHERE photo_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(cut));
    db.close();
    for (const id of cut) expect(must(await t.core.api.getPhoto(id)).suggestions).toEqual([]);
    await t.reopen({ watch: false });
    await t.core.idle();
    for (const id of cut) expect(must(await t.core.api.getPhoto(id)).suggestions.length).toBeGreaterThan(0);
  });

  it('a model switch re-scores every photo with the new serving model, never mixing the old one in; accepted tags stay', async () => {
    const fx = await fixtures();
    const { t, photos } = await indexed();
    const first = must(await t.core.api.status()).servingModelId!;
    const red = photos.filter((p) => p.path.includes('/red-')).map((p) => p.id);
    must(await t.core.api.acceptSuggestions({ tag: 'Colours/Red', photoIds: red }));
    const keysOf = (): string[] => {
      const db = new Database(t.paths.catalogFile, { readonly: true });
      try {
        const rows = db
          .prepare(
            `SELECT DISTINCT model_id AS k FROM concept_suggestions WHERE status = 'pending' UNION SELECT DISTINCT model_id FROM suggestions WHERE status = 'pending'`,
          )
          .all() as { k: string }[];
        return rows.map((r) => r.k);
      } finally {
        db.close();
      }
    };
    expect(keysOf()).toEqual([first]);

    const second = must(await t.core.api.importModel(fx.xenovaModel)).id;
    must(await t.core.api.useModel(second));
    await t.core.idle();
    await waitFor(async () => must(await t.core.api.suggestionProgress()).state === 'idle' && keysOf().every((k) => k !== first));
    const now = must(await t.core.api.status()).servingModelId!;
    expect(now).not.toBe(first);
    expect(keysOf()).toEqual([now]);
    const db = new Database(t.paths.catalogFile, { readonly: true });
    const marks = db.prepare('SELECT scored_with AS s FROM suggestion_marks').all() as { s: string }[];
    db.close();
    expect(marks).toHaveLength(photos.length);
    expect(marks.every((m) => m.s.startsWith(`${now}#`))).toBe(true);
    const others = photos.filter((p) => !red.includes(p.id));
    await expectBound(t, others);
    await expectColoursRight(t, others, 11);
    expect(must(await t.core.api.listTags()).map((x) => [x.name, x.photoCount])).toEqual([['Colours/Red', red.length]]);
    for (const id of red) expect(must(await t.core.api.getPhoto(id)).suggestions.map((s) => s.tag)).not.toContain('Colours/Red');
  });

  it('pauses between pages and resumes', async () => {
    const { t } = await indexed();
    expect(must(await t.core.api.pauseSuggestions()).state).toBe('idle');
    must(await t.core.api.updateSettings({ maxSuggestionsPerPhoto: 3 }));
    const run = t.core.api.suggestTags({});
    await waitFor(async () => must(await t.core.api.suggestionProgress()).state === 'paused');
    must(await t.core.api.resumeSuggestions());
    must(await run);
    const groups = must(await t.core.api.reviewGroups());
    expect(groups.reduce((n, g) => n + g.count, 0)).toBeLessThanOrEqual(3 * 25);
  });
});

describe('calibration of imported folders', () => {
  it('takes the scale and bias of the listed model whose listed hashes the weights match, and none otherwise', async () => {
    const fx = await fixtures();
    const { t } = await indexed();
    const imported = (await getInstalled(t.paths.modelsDir, 'model-immich'))!;
    const raw = structuredClone(loadModelList());
    const base = raw.models.find((m) => m.id === 'siglip-base-224')!;
    base.variants[0]!.files = (await filesOf(fx.immichModel)).map((f) => ({ path: f.path, approxBytes: f.size, sha256: f.sha256 }));
    const modelList = parseModelList(raw);
    expect(await calibrationOf(imported, { modelsDir: t.paths.modelsDir, modelList })).toEqual({
      logitScaleLog: base.logitScaleLog,
      logitBias: base.logitBias,
    });
    const visual = base.variants[0]!.files.find((f) => f.path === 'visual/model.onnx')!;
    visual.sha256 = 'f'.repeat(64);
    expect(await calibrationOf(imported, { modelsDir: t.paths.modelsDir, modelList: parseModelList(raw) })).toBeNull();
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
