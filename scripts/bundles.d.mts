// Types of scripts/bundles.mjs for the TypeScript tests that drive the build.

/** A bundle: TypeScript entry and output file, both relative to the repository. */
export interface BundleEntry {
  in: string;
  out: string;
}

/** The repository root. */
export declare const root: string;
/** The sandboxed preload bundle. */
export declare const preloadEntry: BundleEntry;
/** Main-process bundles (main and its forked children). */
export declare const mainEntries: BundleEntry[];
/** Packages left to node_modules in the main bundles. */
export declare const mainExternals: string[];
/** Bundles the preload under `outRoot` (default: the repository). */
export declare function buildPreload(outRoot?: string): Promise<void>;
/** esbuild options for one main-process bundle (CommonJS, natives external); `target` defaults to Electron's Node. */
export declare function mainBundleOptions(entryIn: string, outfile: string, target?: string): import('esbuild').BuildOptions;
/** Bundles every main entry under `outRoot` (default: the repository). */
export declare function buildMain(outRoot?: string): Promise<void>;
/** Builds the renderer with Vite into dist/renderer. */
export declare function buildRenderer(): Promise<void>;
/** The project's Vite config file. */
export declare const viteConfigFile: string;
