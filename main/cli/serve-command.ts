/** CLI: `shoebox serve`, the renderer build and core/api over HTTP/WebSocket on 127.0.0.1 behind a sign-in token. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../core/app-root.js';
import { resolvePaths } from '../core/paths.js';
import { stderrLogger } from '../core/ports.js';
import { startServer } from '../server.js';
import { loadSignIn, saveSignIn } from '../server/sign-in-store.js';
import type { CliCore } from './open-core.js';
import { CliExit } from './output.js';

function rendererDir(): string {
  return join(appRoot(), 'dist', 'renderer');
}

/** `shoebox serve`: browser mode on 127.0.0.1, printing the sign-in link (its token and port kept per library). */
export async function serveCommand(
  cli: CliCore,
  flags: { port?: string; json: boolean; library?: string; 'new-token': boolean },
): Promise<void> {
  const dir = rendererDir();
  if (!existsSync(join(dir, 'index.html'))) throw new CliExit('shoebox: the renderer is not built yet — run `npm run build` first', 1);
  const asked = flags.port === undefined ? null : Number(flags.port);
  if (asked !== null && (!Number.isInteger(asked) || asked < 0 || asked > 65535)) throw new CliExit('shoebox: --port takes 0-65535', 2);
  const libraryDir = resolvePaths({ libraryDir: flags.library }).libraryDir;
  const signIn = await loadSignIn(libraryDir, flags['new-token'], (why) => process.stderr.write(`shoebox: ${why}\n`));
  const start = (port: number) =>
    startServer({ core: cli.core, subscribe: cli.hub.subscribe, rendererDir: dir, log: stderrLogger, port, token: signIn.token });
  // The last port is reused so bookmarks keep working; when it is taken now, any free port will do.
  const server = await start(asked ?? signIn.port ?? 0).catch((err: NodeJS.ErrnoException) => {
    if (asked !== null || err.code !== 'EADDRINUSE') throw err;
    return start(0);
  });
  await saveSignIn(libraryDir, { token: signIn.token, port: server.port });
  process.stdout.write(flags.json ? JSON.stringify({ url: server.url }) + '\n' : `Shoebox is running at ${server.url}\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
}
