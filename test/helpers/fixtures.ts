/** Test access to the generated fixtures: reuses the global-setup folder or generates into a source-hashed cache. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateFixtures, readFixtures, type FixtureManifest } from '../fixtures/generate.js';
import { MANIFEST_FILE } from '../fixtures/manifest-io.js';

export type { BrokenEntry, DuplicatesManifest, FixtureManifest, PhotoEntry, PhotosManifest, TinyModelInfo } from '../fixtures/generate.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GENERATOR_DIR = join(REPO_ROOT, 'test', 'fixtures');

/** Hash of every generator source file (tests excluded): a new generator gets a new cache folder. */
async function generatorHash(): Promise<string> {
  const files = (await readdir(GENERATOR_DIR)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  const hash = createHash('sha256');
  for (const f of files)
    hash
      .update(f)
      .update('\0')
      .update(await readFile(join(GENERATOR_DIR, f)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * Returns the fixture folder `<repo>/.cache/fixtures/<hash>`, generating it when missing. Safe when several processes
 * race: each generates into its own temporary folder and renames it into place; a loser drops its copy.
 */
export async function ensureFixtures(): Promise<FixtureManifest> {
  const target = join(REPO_ROOT, '.cache', 'fixtures', await generatorHash());
  if (existsSync(join(target, MANIFEST_FILE))) return readFixtures(target);
  await mkdir(join(target, '..'), { recursive: true });
  const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
  await generateFixtures(temp);
  try {
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    if (!existsSync(join(target, MANIFEST_FILE))) throw err;
  }
  await pruneStale(target);
  return readFixtures(target);
}

/** Removes fixture folders of older generator versions (never temporary folders, which may be in use). */
async function pruneStale(current: string): Promise<void> {
  const parent = join(current, '..');
  const stale = (await readdir(parent)).filter((d) => /^[0-9a-f]{16}$/.test(d) && join(parent, d) !== current);
  await Promise.all(stale.map((d) => rm(join(parent, d), { recursive: true, force: true })));
}

let cached: Promise<FixtureManifest> | undefined;

/**
 * The fixtures for this test run: `{ dir, immichModel, xenovaModel, photos, photosManifest, models, logits }`.
 * Uses `SHOEBOX_FIXTURES` (set by test/global-setup.ts) or generates into the cache when run standalone.
 */
export function fixtures(): Promise<FixtureManifest> {
  const fromEnv = process.env.SHOEBOX_FIXTURES;
  cached ??= fromEnv && existsSync(join(fromEnv, MANIFEST_FILE)) ? readFixtures(fromEnv) : ensureFixtures();
  return cached;
}
