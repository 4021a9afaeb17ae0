// Builds the command line into dist/cli: the CLI and the children it forks, with the stamp that says what they came from.
import { build } from 'esbuild';
import { mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { mainBundleOptions, mainEntries, mainExternals, root } from './bundles.mjs';
import { cliBundle, cliDir, stampFile, writeAtomically, writeStamp } from './cli-stamp.mjs';

/** The CLI's Node (package.json engines), not Electron's. */
const target = 'node22';

/**
 * Packages that only some commands load (through import()): left to node_modules, where the CLI always finds them
 * (it runs from the repository), so that every start does not compile 1.5 MB it will not run.
 */
const onDemand = ['undici', 'onnx-proto', 'ws', '@huggingface/tokenizers'];

/** What decides the output besides the sources esbuild reports: these build scripts and the project settings. */
const buildFiles = ['scripts/bundles.mjs', 'scripts/cli-bundle.mjs', 'scripts/cli-stamp.mjs', 'tsconfig.json', 'package.json'];

/** The CLI plus every forked child of core (index.cjs, the Electron entry, is the app's own). */
const entries = [
  { in: 'main/cli.ts', out: cliBundle },
  ...mainEntries.filter((e) => e.in !== 'main/index.ts').map((e) => ({ in: e.in, out: join(cliDir, basename(e.out)) })),
];

/**
 * Bundles the CLI and its children into dist/cli, then stamps every input and output. A source changed while the
 * build ran leaves no stamp, so the next run builds again instead of trusting a bundle of the older text.
 */
export async function buildCli() {
  const startedMs = Date.now();
  const results = await Promise.all(
    entries.map((e) =>
      build({
        ...mainBundleOptions(e.in, e.out, target),
        external: [...mainExternals, ...onDemand],
        write: false,
        metafile: true,
        logLevel: 'silent', // a failure's message (file, line, reason) reaches the caller in the thrown error
      }),
    ),
  );
  mkdirSync(cliDir, { recursive: true });
  const outputs = results.flatMap((r) => r.outputFiles);
  for (const file of outputs) writeAtomically(file.path, file.contents);
  const files = [...new Set([...buildFiles, ...results.flatMap((r) => Object.keys(r.metafile.inputs))])].map((f) => join(root, f));
  // Their folders too: a file added beside an input (say x.js beside x.ts) can change what an import resolves to.
  const inputs = [...files, ...new Set(files.map((f) => dirname(f)).filter((dir) => dir !== resolve(root)))];
  // File times are coarse on some file systems: anything changed in the second before the build counts as during it.
  if (inputs.some((file) => statSync(file).ctimeMs >= startedMs - 1000)) return;
  writeStamp(stampFile, [...inputs, ...outputs.map((o) => o.path)]);
}
