/** The `shoebox` command line: every command is a thin call into core/api (see --help). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { indexCommand, statusCommand, watchCommand } from './cli/library-commands.js';
import { modelsCommand } from './cli/model-commands.js';
import { openCore } from './cli/open-core.js';
import { CliExit } from './cli/output.js';
import { searchCommand, similarCommand } from './cli/search-commands.js';
import { tagsCommand } from './cli/tag-commands.js';
import { startServer } from './server.js';

const HELP = `shoebox — private, on-device photo search and tagging

Usage: shoebox <command> [options]      (every command takes --library DIR and --json)

  index <folder>... [--model DIR]        add folders, scan and embed them, then print the status
  watch                                  keep watching the library's folders and indexing until Ctrl+C
  status                                 model, provider, counts and every error with its reason
  search "<query>" [--limit N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--folder P] [--camera C]
         [--has-location] [--type T] [--tag T]... [--untagged] [--sort relevance|date] [--all]
  similar <photo id or path>             photos that look like this one
  tags list | vocabulary | suggest | apply <tag> [--min-score S] | undo
  tags add|remove <tag> <photo>... | rename <from> <to> | merge <tag>... --into <tag> | delete <tag>
  models list | download <id> [--variant V] | import <dir> | use <id> | remove <id>
  serve [--port N]                       browser mode on 127.0.0.1; prints the URL with its token

Data: the library lives in --library DIR, else $SHOEBOX_HOME, else the app data folder;
models are shared by all libraries in $SHOEBOX_MODELS, else the app data folder.`;

const options = {
  library: { type: 'string' },
  model: { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  limit: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  folder: { type: 'string' },
  camera: { type: 'string' },
  'has-location': { type: 'boolean' },
  type: { type: 'string' },
  tag: { type: 'string', multiple: true },
  untagged: { type: 'boolean' },
  sort: { type: 'string' },
  all: { type: 'boolean' },
  'min-score': { type: 'string' },
  into: { type: 'string' },
  variant: { type: 'string' },
  port: { type: 'string' },
} as const;

function rendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', 'dist', 'renderer');
}

async function main(argv: string[]): Promise<void> {
  const { values: flags, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (flags.help || !command) return void process.stdout.write(HELP + '\n');
  const known = ['index', 'watch', 'status', 'search', 'similar', 'tags', 'models', 'serve'];
  if (!known.includes(command)) throw new CliExit(`shoebox: unknown command "${command}"\n\n${HELP}`, 2);
  if (command === 'index' && rest.length === 0) throw new CliExit('shoebox: index <folder>... [--model DIR]', 2);
  if (command === 'search' && rest.length === 0) throw new CliExit('shoebox: search "<query>"', 2);
  if (command === 'similar' && !rest[0]) throw new CliExit('shoebox: similar <photo id or path>', 2);

  const watching = command === 'watch' || command === 'serve';
  const cli = await openCore(flags, watching);
  try {
    switch (command) {
      case 'index':
        return await indexCommand(cli, rest, { model: flags.model, json: flags.json });
      case 'watch':
        return await watchCommand(cli);
      case 'status':
        return await statusCommand(cli, { json: flags.json });
      case 'search':
        return await searchCommand(cli, rest.join(' '), flags);
      case 'similar':
        return await similarCommand(cli, rest[0]!, flags);
      case 'tags':
        return await tagsCommand(cli, rest[0], rest.slice(1), flags);
      case 'models':
        return await modelsCommand(cli, rest[0], rest.slice(1), flags);
      case 'serve':
        return await serve(cli, flags);
    }
  } finally {
    await cli.core.close();
  }
}

async function serve(cli: Awaited<ReturnType<typeof openCore>>, flags: { port?: string; json: boolean }): Promise<void> {
  const dir = rendererDir();
  if (!existsSync(join(dir, 'index.html'))) throw new CliExit('shoebox: the renderer is not built yet — run `npm run build` first', 1);
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliExit('shoebox: --port takes 0-65535', 2);
  const server = await startServer({ core: cli.core, subscribe: cli.hub.subscribe, rendererDir: dir, port });
  process.stdout.write(flags.json ? JSON.stringify({ url: server.url }) + '\n' : `Shoebox is running at ${server.url}\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof CliExit) {
      process.stderr.write(err.message + '\n');
      process.exit(err.code);
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`shoebox: ${message}\n`);
    process.exit(err instanceof TypeError && /argument|option/i.test(message) ? 2 : 1);
  },
);
