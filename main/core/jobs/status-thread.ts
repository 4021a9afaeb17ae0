/** Worker-thread entry: reads the status counts on its own read-only catalog connection, off the API's thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog } from '../catalog/db.js';
import { readStatusCounts, type StatusCountsRequest, type StatusCountsReply } from '../api/status-counts.js';

const port = parentPort!;
const { catalogFile, nativeBinding } = workerData as { catalogFile: string; nativeBinding?: string };
const db = openCatalog(catalogFile, { readonly: true, nativeBinding });

port.on('message', (m: StatusCountsRequest | null) => {
  if (m === null) {
    db.close();
    port.close();
    return;
  }
  let reply: StatusCountsReply;
  try {
    reply = { id: m.id, ok: true, counts: readStatusCounts(db, m.keys) };
  } catch (err) {
    reply = { id: m.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
