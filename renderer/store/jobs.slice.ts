/** Background work the bottom bar shows: indexing progress, model downloads, sidecar writes and exports. */
import type { DownloadProgress, ExportProgress, ExportRequest, JobProgress, SidecarProgress } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import type { Slice } from './types.js';

export interface JobsSlice {
  job: JobProgress | null;
  downloads: Record<string, DownloadProgress>;
  setJob(job: JobProgress): void;
  setDownload(p: DownloadProgress): void;
  /** XMP sidecars being written (null when none are). */
  sidecars: SidecarProgress | null;
  setSidecars(p: SidecarProgress): void;
  /** The export under way (null when none is). */
  exporting: ExportProgress | null;
  /** Starts an export; false when it could not start (the reason is in a toast). */
  startExport(req: ExportRequest): Promise<boolean>;
  /** Follows the export's events; the last one says what was written in a toast. */
  setExport(p: ExportProgress): void;
  loadJob(): Promise<void>;
  pauseIndexing(): Promise<void>;
  resumeIndexing(): Promise<void>;
}

export const createJobsSlice: Slice<JobsSlice> = (set, get) => ({
  job: null,
  downloads: {},
  setJob: (job) => set({ job }),
  setDownload: (p) => set((s) => ({ downloads: { ...s.downloads, [p.modelId]: p } })),
  sidecars: null,
  setSidecars: (p) => set({ sidecars: p.state === 'idle' ? null : p }),
  exporting: null,
  startExport: async (req) => {
    const started = await get().attempt(() => unwrap(api.exportPhotos(req)));
    if (started) set({ exporting: started });
    return started !== undefined;
  },
  setExport: (p) => {
    if (p.state === 'running') return set({ exporting: p });
    set({ exporting: null });
    const written = p.done - p.failures.length;
    const what = `${written} ${written === 1 ? 'photo' : 'photos'}`;
    if (p.failures.length === 0) get().toast('info', `Exported ${what} to ${p.dest}.`);
    else {
      const first = p.failures[0]!;
      get().toast('error', `Exported ${what} to ${p.dest}; ${p.failures.length} could not be written (${first.path}: ${first.reason}).`);
    }
  },
  loadJob: async () => {
    const job = await get().attempt(() => unwrap(api.jobProgress()));
    if (job) set({ job });
  },
  pauseIndexing: async () => {
    const job = await get().attempt(() => unwrap(api.pauseIndexing()));
    if (job) set({ job });
  },
  resumeIndexing: async () => {
    const job = await get().attempt(() => unwrap(api.resumeIndexing()));
    if (job) set({ job });
  },
});
