/** Child of unreadable-folder.test.ts: scans one root into a fresh catalog (as whichever user runs it) and prints JSON. */
import { openCatalog } from '../../main/core/catalog/db.js';
import { listUnreadable } from '../../main/core/catalog/skipped-files.js';
import { createLibrary } from '../../main/core/library/library.js';

const [root, catalogFile] = process.argv.slice(2) as [string, string];
const db = openCatalog(catalogFile);
const quiet = () => undefined;
const library = createLibrary({ db, log: { info: quiet, warn: quiet, error: quiet }, emit: quiet, onIndexNeeded: quiet });
const added = await library.addFolder(root);
if (!added.ok) throw new Error(added.error.message);
const photos = db.prepare(`SELECT path FROM photos WHERE presence = 'present' ORDER BY path`).pluck().all();
process.stdout.write(JSON.stringify({ uid: process.getuid?.(), photos, unreadable: listUnreadable(db) }) + '\n');
await library.stopWatching();
db.close();
