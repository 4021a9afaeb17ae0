/** The `shoebox` command line: every command is a thin call into core/api (see --help). */
import { parseArgs } from 'node:util';
import { albumsCommand } from './cli/album-commands.js';
import { duplicatesCommand } from './cli/duplicate-commands.js';
import { foldersCommand, indexCommand, statusCommand, watchCommand } from './cli/library-commands.js';
import { modelsCommand } from './cli/model-commands.js';
import { openCore } from './cli/open-core.js';
import { CliExit } from './cli/output.js';
import { catalogExit, restoreCommand } from './cli/restore-command.js';
import { searchCommand, similarCommand } from './cli/search-commands.js';
import { tagsCommand } from './cli/tag-commands.js';
import { QUERY_SYNTAX } from './core/search/query-parse.js';

const HELP = `shoebox — private, on-device photo search and tagging

Usage: shoebox <command> [options]      (every command takes --library DIR and --json)

  index <folder>... [--model DIR]        add folders, scan and embed them, then print the status
  watch                                  keep watching the library's folders and indexing until Ctrl+C
  status                                 model, provider, counts and every error with its reason
  folders                                the folder tree of the library's folders with photo counts
  albums list | create NAME [PHOTO...] | smart NAME "<query>" [filters] | add|remove NAME PHOTO... |
         rename NAME NEW | delete NAME | show NAME      manual albums and smart albums (saved searches)
  duplicates [--threshold C]             exact copies, near-duplicates (cosine ≥ C, default 0.95) and bursts
  search "<query>" [--limit N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--folder P] [--camera C]
         [--has-location] [--type T] [--tag T]... [--untagged] [--album A] [--sort relevance|date|added|name|size] [--all]
         ${QUERY_SYNTAX}
  similar <photo id or path>             photos that look like this one
  tags list | vocabulary | suggest | apply <tag> [--min-score S] | undo
  tags add|remove <tag> <photo>... | rename <from> <to> | merge <tag>... --into <tag> | delete <tag>
  models list | download <id> [--variant V] | import <dir> | use <id> | remove <id> [--force]
  serve [--port N] [--new-token]         browser mode on 127.0.0.1; prints the sign-in link (kept per library;
                                         --new-token signs every browser out)
  restore [--from SNAPSHOT | --empty]    put back the newest good catalog snapshot (or SNAPSHOT, or start an empty
                                         catalog); the current one is kept aside as catalog.db.damaged-<date>

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
  album: { type: 'string' },
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
  threshold: { type: 'string' },
  force: { type: 'boolean' },
  'new-token': { type: 'boolean', default: false },
  empty: { type: 'boolean' },
} as const;

async function main(argv: string[]): Promise<void> {
  const { values: flags, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (flags.help || !command) return void process.stdout.write(HELP + '\n');
  const known = ['index', 'watch', 'status', 'folders', 'duplicates', 'albums', 'search', 'similar', 'tags', 'models', 'serve', 'restore'];
  if (!known.includes(command)) throw new CliExit(`shoebox: unknown command "${command}"\n\n${HELP}`, 2);
  if (command === 'index' && rest.length === 0) throw new CliExit('shoebox: index <folder>... [--model DIR]', 2);
  if (command === 'search' && rest.length === 0) throw new CliExit('shoebox: search "<query>"', 2);
  if (command === 'similar' && !rest[0]) throw new CliExit('shoebox: similar <photo id or path>', 2);

  if (command === 'restore') return restoreCommand(flags);
  const watching = command === 'watch' || command === 'serve';
  // One-off commands answer from the catalog as it is: queued work waits for the app, `watch` or `index`.
  const cli = await openCore(flags, { watch: watching, indexing: watching || command === 'index' }).catch((err: unknown) => {
    throw catalogExit(err, flags) ?? err;
  });
  try {
    switch (command) {
      case 'index':
        return await indexCommand(cli, rest, { model: flags.model, json: flags.json });
      case 'watch':
        return await watchCommand(cli);
      case 'status':
        return await statusCommand(cli, { json: flags.json });
      case 'folders':
        return await foldersCommand(cli, { json: flags.json });
      case 'albums':
        return await albumsCommand(cli, rest[0], rest.slice(1), flags);
      case 'duplicates':
        return await duplicatesCommand(cli, flags);
      case 'search':
        return await searchCommand(cli, rest.join(' '), flags);
      case 'similar':
        return await similarCommand(cli, rest[0]!, flags);
      case 'tags':
        return await tagsCommand(cli, rest[0], rest.slice(1), flags);
      case 'models':
        return await modelsCommand(cli, rest[0], rest.slice(1), flags);
      case 'serve':
        // The server (and its WebSocket package) loads only for this command.
        return await (await import('./cli/serve-command.js')).serveCommand(cli, flags);
    }
  } finally {
    await cli.core.close();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (thrown: unknown) => {
    const err = thrown instanceof CliExit ? thrown : (catalogExit(thrown, {}) ?? thrown);
    if (err instanceof CliExit) {
      process.stderr.write(err.message + '\n');
      process.exit(err.code);
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`shoebox: ${message}\n`);
    process.exit(err instanceof TypeError && /argument|option/i.test(message) ? 2 : 1);
  },
);
