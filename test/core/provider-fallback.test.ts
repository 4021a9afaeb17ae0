// Choosing a compute provider that cannot run here: the library, its embeddings and search stay exactly as they were.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryStatus } from '../../preload/contract.js';
import { fixtures } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

/** Every embedding row (photo, key, when written): unchanged means nothing was re-embedded. */
function embeddingRows(catalogFile: string): unknown[] {
  const db = new Database(catalogFile, { readonly: true });
  try {
    return db.prepare('SELECT photo_id, model_id, updated_at FROM embeddings ORDER BY photo_id, model_id').all();
  } finally {
    db.close();
  }
}

describe('an unavailable compute provider', () => {
  let t: TestCore;

  beforeAll(async () => {
    const fx = await fixtures();
    // 'auto' precision: on the CPU the library is indexed in int8, so a wrongly assumed GPU would switch to fp32.
    t = await tempCore({ precision: 'auto' });
    must(await t.core.api.useModel(must(await t.core.api.importModel(fx.immichModel)).id));
    must(await t.core.api.addFolder(await t.copyIn(fx.photos, 'photos')));
    await t.core.idle();
  });
  afterAll(() => t.cleanup());

  const snapshot = async () => {
    const status = must(await t.core.api.status());
    const search = must(await t.core.api.search({ query: 'red', includeWeak: true }));
    return { status, ids: search.hits.map((h) => h.photo.id), modelId: search.modelId, rows: embeddingRows(t.paths.catalogFile) };
  };
  const stable = (s: LibraryStatus) => ({ counts: s.counts, model: s.model?.id, precision: s.model?.precision, serving: s.servingModelId });

  it('is offered only where it exists, with the reason it cannot run', async () => {
    const options = must(await t.core.api.listProviders());
    expect(options.map((o) => o.name)).not.toContain('dml');
    expect(options.map((o) => o.name)).not.toContain('coreml');
    expect(options.find((o) => o.name === 'cpu')?.available).toBe(true);
    const cuda = options.find((o) => o.name === 'cuda');
    expect(cuda).toMatchObject({ available: false });
    expect(cuda?.reason).toMatch(/CUDA provider is not installed/);
  });

  it.each(['cuda', 'dml', 'coreml'] as const)(
    'keeps embeddings, counts and results when %s is chosen, and says why it fell back',
    async (provider) => {
      const before = await snapshot();
      expect(before.status.model?.precision).toBe('int8');
      must(await t.core.api.updateSettings({ provider }));
      await t.core.idle();
      const after = await snapshot();
      expect(stable(after.status)).toEqual(stable(before.status));
      expect(after.ids).toEqual(before.ids);
      expect(after.modelId).toBe(before.modelId);
      expect(after.rows).toEqual(before.rows);
      expect(after.status.provider).toBe('cpu');
      expect(after.status.providerNote).toMatch(/cannot be used on this computer: .+\. Shoebox uses the CPU instead\./);
      expect(after.status.providerNote).not.toMatch(/onnxruntime|\.cc:|Failed to load/);
      // New photos still index on the fallback provider, and nothing about the provider leaks raw engine text into the log.
      const warnings = t.logs.filter((l) => l.level !== 'info').map((l) => JSON.stringify(l));
      expect(warnings.filter((w) => /provider/i.test(w) && /\.cc:|Failed to load shared library/.test(w))).toEqual([]);
      must(await t.core.api.updateSettings({ provider: 'auto' }));
      await t.core.idle();
      expect(must(await t.core.api.status()).providerNote).toBeNull();
    },
  );
});
