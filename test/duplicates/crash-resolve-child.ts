/** Test child: resolves duplicates straight on a catalog and dies (SIGKILL) the moment the catalog transaction would start. */
import { openCatalog } from '../../main/core/catalog/db.js';
import { resolveDuplicates } from '../../main/core/duplicates/resolve.js';

const [catalogFile, trashDir, keepId, removeIds] = process.argv.slice(2) as [string, string, string, string];
const db = openCatalog(catalogFile);
// Every file is in the trash and noted as pending by then; the photos are still in the catalog.
const dying = new Proxy(db, {
  get: (target, key, receiver) =>
    key === 'transaction' ? () => process.kill(process.pid, 'SIGKILL') : (Reflect.get(target, key, receiver) as unknown),
});
await resolveDuplicates(dying, Number(keepId), JSON.parse(removeIds) as number[], { dir: trashDir });
