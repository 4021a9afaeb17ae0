/** Vitest global setup: generates the test fixtures once per run and shares their folder via SHOEBOX_FIXTURES. */
import { ensureFixtures } from './helpers/fixtures.js';

/** Runs before any test file; workers inherit the environment variable. */
export default async function setup(): Promise<void> {
  const manifest = await ensureFixtures();
  process.env.SHOEBOX_FIXTURES = manifest.dir;
}
