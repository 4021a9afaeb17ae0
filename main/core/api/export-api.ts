/** The export part of the API: one export at a time, in the background, with progress as events. */
import type { ExportProgress, ShoeboxApi } from '../../../preload/contract.js';
import { exportPhotos } from '../export/export-photos.js';
import { prepareExportFolder } from '../export/export-target.js';
import { fail, ok } from '../result.js';
import type { CoreContext } from './context.js';

/** Builds the export API; `exportPhotos` answers at once with the starting progress. */
export function exportApi(ctx: CoreContext): Pick<ShoeboxApi, 'exportPhotos'> {
  let running: ExportProgress | null = null;
  return {
    async exportPhotos(req) {
      if (running)
        return fail('conflict', `An export to ${running.dest} is under way (${running.done} of ${running.total}); wait for it to finish.`);
      const folders = ctx.library.listFolders().map((f) => f.path);
      const folder = await prepareExportFolder(req.dest, folders);
      if (!folder.ok) return folder;
      const start: ExportProgress = { state: 'running', dest: folder.value, done: 0, total: req.photoIds.length, failures: [] };
      running = start;
      ctx.emit('exportProgress', start);
      void exportPhotos(ctx.db, folder.value, req, ctx.log, (p) => {
        running = p.state === 'done' ? null : p;
        ctx.emit('exportProgress', p);
      }).catch((err: unknown) => {
        running = null;
        ctx.log.error('export stopped', { dest: folder.value, error: String(err) });
        ctx.emit('exportProgress', {
          ...start,
          state: 'done',
          failures: [{ path: folder.value, reason: 'The export stopped unexpectedly' }],
        });
      });
      return ok(start);
    },
  };
}
