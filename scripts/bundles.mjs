// Bundle definitions shared by build.mjs and dev.mjs: the entry points, the externals, one esbuild call per bundle.
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (scripts/..). */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** The sandboxed preload: one CommonJS file that may require only `electron`. */
export const preloadEntry = { in: 'preload/index.ts', out: 'dist/preload/index.cjs' };

/** Main-process bundles. Add an entry here when core forks another child (it looks for `<name>.cjs` beside itself). */
export const mainEntries = [
  { in: 'main/index.ts', out: 'dist/main/index.cjs' },
  { in: 'main/core/jobs/index-worker.ts', out: 'dist/main/index-worker.cjs' },
  { in: 'main/core/jobs/quantize-worker.ts', out: 'dist/main/quantize-worker.cjs' },
  { in: 'main/core/jobs/vision-thread.ts', out: 'dist/main/vision-thread.cjs' },
  { in: 'main/core/jobs/status-thread.ts', out: 'dist/main/status-thread.cjs' },
  { in: 'main/core/tags/suggest-worker.ts', out: 'dist/main/suggest-worker.cjs' },
  { in: 'main/core/duplicates/duplicate-worker.ts', out: 'dist/main/duplicate-worker.cjs' },
  { in: 'main/core/search/scan-thread.ts', out: 'dist/main/scan-thread.cjs' },
];

/**
 * Left to node_modules: Electron itself, native addons (rebuilt for Electron's ABI when packaging), packages that
 * load WASM or binaries relative to their own folder, and ws's optional native helpers.
 */
export const mainExternals = [
  'electron',
  'better-sqlite3',
  'sharp',
  'onnxruntime-node',
  'heic-decode',
  'libheif-js',
  'bufferutil',
  'utf-8-validate',
];

/** Electron 45 = Chromium 140 + Node 22. */
const targets = { preload: 'chrome140', main: 'node22' };

/** Bundles the preload into `<outRoot>/dist/preload/index.cjs` (outRoot defaults to the repository). */
export async function buildPreload(outRoot = root) {
  await build({
    absWorkingDir: root,
    entryPoints: [preloadEntry.in],
    outfile: join(outRoot, preloadEntry.out),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: targets.preload,
    external: ['electron'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/**
 * esbuild options for one main-process bundle: CommonJS, natives left to node_modules, `import.meta.url` defined as
 * the bundle file's URL. `target` defaults to Electron's Node.
 */
export function mainBundleOptions(entryIn, outfile, target = targets.main) {
  return {
    absWorkingDir: root,
    entryPoints: [entryIn],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target,
    external: mainExternals,
    define: { 'import.meta.url': '__shoeboxImportMetaUrl' },
    banner: { js: 'const __shoeboxImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    sourcemap: 'linked',
    logLevel: 'warning',
  };
}

/** Bundles every main entry under `<outRoot>/dist/main`; `import.meta.url` becomes the bundle file's URL. */
export async function buildMain(outRoot = root) {
  await Promise.all(mainEntries.map((entry) => build(mainBundleOptions(entry.in, join(outRoot, entry.out)))));
}

/** The project's Vite config (its root is renderer/, its output dist/renderer). */
export const viteConfigFile = join(root, 'vite.config.ts');

/** Builds the renderer with the project's Vite config. */
export async function buildRenderer() {
  const vite = await import('vite');
  await vite.build({ configFile: viteConfigFile, logLevel: 'warn' });
}
