/** Child of unreadable-folder.test.ts: adds (or rescans) one root in a catalog (as whichever user runs it) and prints JSON. */
import { openCatalog } from '../../main/core/catalog/db.js';
import { listUnreadable } from '../../main/core/catalog/skipped-files.js';
import { createLibrary } from '../../main/core/library/library.js';

const [root, catalogFile] = process.argv.slice(2) as [string, string];
const db = openCatalog(catalogFile);
const quiet = () => undefined;
const library = createLibrary({ db, log: { info: quiet, warn: quiet, error: quiet }, emit: quiet, onIndexNeeded: quiet });
const known = db.prepare('SELECT id FROM folders WHERE path = ?').pluck().get(root) as number | undefined;
const scanned = known === undefined ? await library.addFolder(root) : await library.scanFolder(known);
if (!scanned.ok) throw new Error(scanned.error.message);
const photos = db.prepare(`SELECT path FROM photos WHERE presence = 'present' ORDER BY path`).pluck().all();
process.stdout.write(JSON.stringify({ uid: process.getuid?.(), photos, unreadable: listUnreadable(db) }) + '\n');
await library.stopWatching();
db.close();
