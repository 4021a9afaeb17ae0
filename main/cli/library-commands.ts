/** CLI: index, watch, status and the folder tree of a library. */
import { resolve } from 'node:path';
import type { FolderNode, LibraryStatus } from '../../preload/contract.js';
import type { CliCore } from './open-core.js';
import { print, ttyProgress, unwrap } from './output.js';

/** `shoebox index <folder>... [--model DIR]`: add folders, scan, embed with a progress bar, exit when done. */
export async function indexCommand({ core, hub }: CliCore, folders: string[], flags: { model?: string; json: boolean }): Promise<void> {
  if (flags.model) {
    const model = unwrap(await core.api.importModel(resolve(flags.model)));
    unwrap(await core.api.useModel(model.id));
  }
  const known = unwrap(await core.api.listFolders());
  for (const folder of folders) {
    const path = resolve(folder);
    const existing = known.find((f) => f.path === path);
    unwrap(existing ? await core.api.rescanFolder(existing.id) : await core.api.addFolder(path));
  }
  const bar = ttyProgress();
  const off = hub.subscribe((event, payload) => {
    if (event === 'jobProgress') bar.update(payload as Parameters<typeof bar.update>[0]);
  });
  await core.idle();
  off();
  bar.end();
  await statusCommand({ core, hub }, { json: flags.json });
}

/** `shoebox watch`: keep watching and indexing until interrupted. */
export async function watchCommand({ core, hub }: CliCore): Promise<void> {
  const bar = ttyProgress();
  hub.subscribe((event, payload) => {
    if (event === 'jobProgress') bar.update(payload as Parameters<typeof bar.update>[0]);
  });
  const folders = unwrap(await core.api.listFolders());
  process.stderr.write(`Watching ${folders.length} folder(s). Press Ctrl+C to stop.\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  bar.end();
}

/** `shoebox status [--json]`: model, provider, counts and every error with its file and reason. */
export async function statusCommand({ core }: CliCore, flags: { json: boolean }): Promise<void> {
  print(unwrap(await core.api.status()), flags.json, statusText);
}

function statusText(s: LibraryStatus): string {
  const c = s.counts;
  const lines = [
    `Library   ${s.libraryDir}`,
    `Model     ${s.model ? `${s.model.name} (${s.model.precisionReason ?? s.model.precision})` : 'none — run `shoebox models download <id>` or pass --model DIR'}`,
    `Provider  ${s.provider ?? 'not started'}`,
    `Photos    ${c.photos} · read ${c.read} · indexed ${c.indexed} · pending ${c.pending} · missing ${c.missing} · errors ${c.errors} · skipped ${c.skipped}`,
  ];
  if (s.providerNote) lines.push(`          ${s.providerNote}`);
  if (s.switching && s.serving) {
    const pct = s.switching.total > 0 ? Math.floor((100 * s.switching.done) / s.switching.total) : 100;
    lines.push(`Search answers with ${s.serving.name} while ${s.model?.name ?? 'the new model'} indexes: ${pct} %`);
  }
  for (const e of s.errors) lines.push(`  ✗ ${e.path}: ${e.reason}`);
  for (const u of s.unreadable) lines.push(`  – ${u.path}: ${u.reason}`);
  return lines.join('\n');
}

/** `shoebox folders [--json]`: the folder tree of every library folder with its photo counts. */
export async function foldersCommand({ core }: CliCore, flags: { json: boolean }): Promise<void> {
  print(unwrap(await core.api.folderTree()), flags.json, (roots) =>
    roots.length === 0 ? 'No library folders yet: run `shoebox index <folder>`.' : roots.map((root) => treeText(root, 0)).join('\n'),
  );
}

function treeText(node: FolderNode, depth: number): string {
  const own = node.photoCount === node.totalCount ? '' : ` (${node.photoCount} here)`;
  const line = `${'  '.repeat(depth)}${depth === 0 ? node.path : node.name}  ${node.totalCount} photos${own}`;
  return [line, ...node.children.map((child) => treeText(child, depth + 1))].join('\n');
}
