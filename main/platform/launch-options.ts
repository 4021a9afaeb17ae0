/** Reads how Shoebox was launched: `--library DIR` and, unpackaged only, the dev server URL. */

/** The launch choices main/index.ts acts on. */
export interface LaunchOptions {
  libraryDir: string | undefined;
  devUrl: string | null;
}

/** The value of `--library DIR` or `--library=DIR`, last one wins; undefined when absent or empty. */
export function libraryArg(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--library') found = argv[i + 1];
    else if (arg.startsWith('--library=')) found = arg.slice('--library='.length);
  });
  return found === undefined || found === '' || found.startsWith('--') ? undefined : found;
}

/**
 * `--library` (else core falls back to SHOEBOX_HOME, then the app data folder) and `SHOEBOX_DEV_URL`, which a
 * packaged app ignores so an environment variable can never point the window at another site.
 */
export function launchOptions(argv: readonly string[], env: NodeJS.ProcessEnv, packaged: boolean): LaunchOptions {
  const dev = packaged ? undefined : env.SHOEBOX_DEV_URL;
  let devUrl: string | null = null;
  if (dev !== undefined && dev !== '') {
    const url = URL.canParse(dev) ? new URL(dev) : null;
    if (url === null) throw new Error(`SHOEBOX_DEV_URL is not a URL: ${dev}. Use e.g. http://127.0.0.1:5173/.`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`SHOEBOX_DEV_URL must be an http(s) URL, got ${dev}.`);
    devUrl = url.href;
  }
  return { libraryDir: libraryArg(argv), devUrl };
}
