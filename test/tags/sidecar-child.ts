/** Test child: opens a library with XMP write-back on and runs one tag operation; says COMMITTED once the catalog has it. */
import { createCore } from '../../main/core/core.js';
import { createEventHub } from '../../main/core/events.js';
import { resolvePaths } from '../../main/core/paths.js';
import { silentLogger } from '../../main/core/ports.js';

const [libraryDir, op, tag] = process.argv.slice(2);
const hub = createEventHub();
// The tags API announces a change right after its transaction commits, before it rewrites any sidecar.
hub.subscribe((event, payload) => {
  if (event === 'libraryChanged' && (payload as { kind: string }).kind === 'tags') process.stdout.write('COMMITTED\n');
});
const core = await createCore({
  paths: resolvePaths({ libraryDir, env: { SHOEBOX_MODELS: `${libraryDir}/models` } }),
  log: silentLogger,
  emit: hub.emit,
});
await core.idle();
process.stdout.write('READY\n');
const r = op === 'apply' ? await core.api.acceptSuggestions({ tag: tag!, minScore: 0 }) : await core.api.undo();
if (!r.ok) throw new Error(r.error.message);
await core.close();
process.stdout.write('DONE\n');
