#!/usr/bin/env node
// The `shoebox` command: runs the bundled CLI (dist/cli), bundling it first when it is missing or any source changed.
import { createRequire } from 'node:module';
import { bundleIsFresh, cliBundle } from '../scripts/cli-stamp.mjs';

if (!bundleIsFresh()) {
  try {
    const { buildCli } = await import('../scripts/cli-bundle.mjs');
    await buildCli();
  } catch (err) {
    process.stderr.write(`shoebox: the command line could not be bundled: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
createRequire(import.meta.url)(cliBundle);
