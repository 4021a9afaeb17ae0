/** Duplicates over the generated near-duplicate fixtures as a library lives: before a model, with the fixture model, after a switch. */
import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateGroup } from '../../preload/contract.js';
import { fixtures, type DuplicatesManifest, type FixtureManifest } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/shoebox.mjs', import.meta.url));

let t: TestCore;
let fx: FixtureManifest;
let planted: DuplicatesManifest;

const names = (g: DuplicateGroup): string[] => g.photos.map((p) => basename(p.path)).sort();
const sorted = (groups: string[][]): string[][] => groups.map((g) => [...g].sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));

/** Switches to the model in `dir` and waits until it serves search (the library re-embedded). */
async function serve(dir: string): Promise<string> {
  const id = must(await t.core.api.importModel(dir)).id;
  must(await t.core.api.useModel(id));
  await t.core.idle();
  const status = must(await t.core.api.status());
  expect({ serving: status.serving?.id, indexed: status.counts.indexed }).toEqual({ serving: id, indexed: status.counts.photos });
  return id;
}

/** Every planted group found as it was planted (exact as exact), and no group holding anything else. */
function expectPlanted(groups: DuplicateGroup[]): void {
  expect(sorted(groups.filter((g) => g.kind === 'exact').map(names))).toEqual(sorted(planted.exact));
  expect(sorted(groups.filter((g) => g.kind !== 'exact').map(names))).toEqual(sorted(planted.near));
}

beforeAll(async () => {
  t = await tempCore();
  fx = await fixtures();
  planted = fx.duplicatesManifest;
  must(await t.core.api.addFolder(await t.copyIn(fx.duplicates, 'photos')));
  await t.core.idle();
}, 120_000);
afterAll(() => t.cleanup());

describe('duplicates across a library’s life', () => {
  it('before any model exists: the byte-identical copies, and nothing claimed about the rest', async () => {
    const groups = must(await t.core.api.findDuplicates({}));
    expect(groups.map((g) => g.kind)).toEqual(['exact']);
    expect(sorted(groups.map(names))).toEqual(sorted(planted.exact));
  });

  it('with the fixture model: every planted group, and the same-coloured photo beside them joins none', async () => {
    await serve(fx.immichModel);
    const groups = must(await t.core.api.findDuplicates({}));
    expectPlanted(groups);
    for (const alone of planted.alone) expect(groups.flatMap(names)).not.toContain(alone);
  });

  it('after a switch to another model: the groups come from the new model’s vectors, the same as before', async () => {
    await serve(fx.xenovaModel);
    expectPlanted(must(await t.core.api.findDuplicates({})));
  });

  it('the CLI prints the same groups as JSON', async () => {
    const groups = must(await t.core.api.findDuplicates({}));
    await t.core.close();
    const env = { ...process.env, SHOEBOX_MODELS: t.paths.modelsDir };
    const { stdout } = await run(process.execPath, [BIN, 'duplicates', '--json', '--library', t.paths.libraryDir], { env });
    expect(sorted((JSON.parse(stdout) as DuplicateGroup[]).map(names))).toEqual(sorted(groups.map(names)));
    t.core = await t.reopen();
  });
});
