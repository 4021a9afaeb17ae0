/** Child of watch-limit.test.ts: adds one root to a real library, watches it and reports events as JSON lines. */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { openCatalog } from '../../main/core/catalog/db.js';
import { listFolders } from '../../main/core/catalog/folders.js';
import { createLibrary } from '../../main/core/library/library.js';
import type { Emit, Logger } from '../../main/core/ports.js';
import type { Folder, LibraryChange } from '../../preload/contract.js';

/** One line this child writes to stdout. */
export type ChildReport =
  | { type: 'watching'; folderId: number; inotifyLimit: string }
  | { type: 'inotify'; watches: number }
  | { type: 'folders'; folders: Pick<Folder, 'id' | 'watchMode' | 'watchReason'>[] }
  | { type: 'log'; level: keyof Logger; message: string; data?: Record<string, unknown> }
  | { type: 'fatal'; error: string };

const [root, catalogFile, rescanIntervalMs] = process.argv.slice(2);
const report = (r: ChildReport): void => void process.stdout.write(JSON.stringify(r) + '\n');

/** inotify watches this process holds now, counted from /proc/self/fdinfo of its inotify descriptors. */
function inotifyWatches(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the descriptor readdir itself used, closed by now
    }
    if (target === 'anon_inode:inotify')
      n += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('inotify wd:')).length;
  }
  return n;
}

async function main(): Promise<void> {
  if (!root || !catalogFile || !rescanIntervalMs) throw new Error('usage: watch-limit-child <root> <catalog> <rescanIntervalMs>');
  const db = openCatalog(catalogFile);
  // Every folders event carries the folder modes as they are in the catalog at that moment.
  const emit: Emit = (event, payload) => {
    if (event !== 'libraryChanged' || (payload as LibraryChange).kind !== 'folders') return;
    report({ type: 'folders', folders: listFolders(db).map((f) => ({ id: f.id, watchMode: f.watchMode, watchReason: f.watchReason })) });
  };
  const logAt = (level: keyof Logger) => (message: string, data?: Record<string, unknown>) => report({ type: 'log', level, message, data });
  const log: Logger = { info: logAt('info'), warn: logAt('warn'), error: logAt('error') };
  const library = createLibrary({
    db,
    log,
    emit,
    onIndexNeeded() {},
    options: { rescanIntervalMs: Number(rescanIntervalMs), debounceMs: 50, healthCheckMs: 60_000 },
  });
  const added = await library.addFolder(root);
  if (!added.ok) throw new Error(added.error.message);
  await library.startWatching({ reconcile: false });
  report({ type: 'watching', folderId: added.value.id, inotifyLimit: readFileSync('/proc/sys/user/max_inotify_watches', 'utf8').trim() });
  // The parent asks for a watch count with a `watches` line and ends the run by closing stdin (stop cleanly).
  const commands = createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    if (line === 'watches') report({ type: 'inotify', watches: inotifyWatches() });
  });
  commands.on('close', () => {
    void library.stopWatching().then(() => {
      db.close();
      process.exit(0);
    });
  });
}

main().catch((err: unknown) => {
  report({ type: 'fatal', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
