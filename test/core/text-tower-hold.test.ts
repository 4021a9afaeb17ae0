// The serving model's text tower is held while a query embeds: a release meanwhile (model switch) waits for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';
import { ModelState } from '../../main/core/model-state.js';
import type { Logger } from '../../main/core/ports.js';
import { fixtures } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

describe('text tower holds', () => {
  let t: TestCore;
  let db: Db;
  const warnings: string[] = [];
  const log: Logger = { info() {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };

  beforeAll(async () => {
    const fx = await fixtures();
    t = await tempCore();
    must(await t.core.api.useModel(must(await t.core.api.importModel(fx.immichModel)).id));
    db = openCatalog(t.paths.catalogFile);
  });
  afterAll(async () => {
    db.close();
    await t.cleanup();
  });

  it('lets a query finish when the tower is released while it embeds, then closes it', async () => {
    const models = new ModelState(db, t.paths.modelsDir, log);
    const queries = [models.embedTexts('cpu', ['red']), models.embedTexts('cpu', ['a blue square', 'green'])];
    models.release();
    const [one, two] = await Promise.all(queries);
    expect(one).toHaveLength(1);
    expect(two).toHaveLength(2);
    expect(one![0]!.length).toBeGreaterThan(0);
    // A new query after the release opens a fresh tower and answers the same.
    const again = await models.embedTexts('cpu', ['red']);
    expect(Array.from(again![0]!)).toEqual(Array.from(one![0]!));
    models.release();
    expect(warnings).toEqual([]);
  });
});
