/** Background work the bottom bar shows: indexing progress and model downloads. */
import type { DownloadProgress, JobProgress, SidecarProgress } from '../../preload/contract.js';
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
