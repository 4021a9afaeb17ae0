/** Builds core for a CLI command from `--library` / SHOEBOX_HOME, logging to stderr only when asked. */
import { createCore, type Core } from '../core/core.js';
import { createEventHub, type EventHub } from '../core/events.js';
import { resolvePaths } from '../core/paths.js';
import { silentLogger, stderrLogger } from '../core/ports.js';

/** A core plus its event hub, for commands that show progress. */
export interface CliCore {
  core: Core;
  hub: EventHub;
}

/** Opens the library named by `--library` (else SHOEBOX_HOME, else the app data folder). */
export async function openCore(flags: { library?: string; verbose?: boolean }, watch: boolean): Promise<CliCore> {
  const hub = createEventHub();
  const core = await createCore({
    paths: resolvePaths({ libraryDir: flags.library }),
    log: flags.verbose ? stderrLogger : silentLogger,
    emit: hub.emit,
    watch,
  });
  return { core, hub };
}
