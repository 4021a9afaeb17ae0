/** Builds core for a CLI command from `--library` / SHOEBOX_HOME, logging to stderr only when asked. */
import type { ShoeboxApi } from '../../preload/contract.js';
import { createCore, type Core } from '../core/core.js';
import { createEventHub, type EventHub } from '../core/events.js';
import { resolvePaths } from '../core/paths.js';
import { silentLogger, stderrLogger } from '../core/ports.js';

/** A core plus its event hub, for commands that show progress. */
export interface CliCore {
  core: Core;
  hub: EventHub;
}

/**
 * The API as the CLI calls it: every call goes through `core.invoke`, so command-line arguments meet the same
 * validation (zod schemas at the door) as IPC and HTTP requests, once.
 */
function validatedApi(core: Core): ShoeboxApi {
  return new Proxy(core.api, {
    get:
      (_target, channel: string) =>
      (...args: unknown[]) =>
        core.invoke(channel, args),
  });
}

/**
 * Opens the library named by `--library` (else SHOEBOX_HOME, else the app data folder). `watch` also watches folders;
 * `indexing` starts the index child for queued work (one-off commands leave it for the app, `watch` or `index`).
 */
export async function openCore(
  flags: { library?: string; verbose?: boolean },
  mode: { watch: boolean; indexing: boolean },
): Promise<CliCore> {
  const hub = createEventHub();
  const core = await createCore({
    paths: resolvePaths({ libraryDir: flags.library }),
    log: flags.verbose ? stderrLogger : silentLogger,
    emit: hub.emit,
    watch: mode.watch,
    indexing: mode.indexing,
  });
  return { core: { ...core, api: validatedApi(core) }, hub };
}
