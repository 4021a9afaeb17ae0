/** Vitest global setup: generates the test fixtures once per run and bundles the CLI the tests run when it is stale. */
import { buildCli } from '../scripts/cli-bundle.mjs';
import { bundleIsFresh } from '../scripts/cli-stamp.mjs';
import { ensureFixtures } from './helpers/fixtures.js';

/** Runs before any test file; workers inherit the environment variable. */
export default async function setup(): Promise<void> {
  // bin/shoebox.mjs would bundle a stale CLI by itself: once here, not once per test file at the same time.
  if (!bundleIsFresh()) await buildCli();
  const manifest = await ensureFixtures();
  process.env.SHOEBOX_FIXTURES = manifest.dir;
}
