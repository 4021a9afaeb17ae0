// Types of scripts/cli-stamp.mjs for the TypeScript tests that check the command line bundle.

/** Where the command line and its children are bundled. */
export declare const cliDir: string;
/** The bundled command line. */
export declare const cliBundle: string;
/** The bundle's stamp. */
export declare const stampFile: string;
/** A file's size, modification and change time. */
export declare function fileStamp(file: string): string;
/** Writes a file through a temporary file and a rename. */
export declare function writeAtomically(file: string, contents: string | Uint8Array): void;
/** Records the current identity of `files` (absolute paths) in `stamp`. */
export declare function writeStamp(stamp: string, files: string[]): void;
/** Whether every file recorded in `stamp` still exists, unchanged. */
export declare function stampMatches(stamp: string): boolean;
/** Whether dist/cli is what a build made from the sources as they are now. */
export declare function bundleIsFresh(): boolean;
