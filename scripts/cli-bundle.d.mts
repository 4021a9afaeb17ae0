// Types of scripts/cli-bundle.mjs for the TypeScript tests and benchmarks that build the command line.

/** Bundles the CLI and its children into dist/cli and stamps what they were built from. */
export declare function buildCli(): Promise<void>;
