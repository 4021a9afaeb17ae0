/** Background work the bottom bar shows: indexing progress and model downloads. */
import type { DownloadProgress, JobProgress } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import type { Slice } from './types.js';

export interface JobsSlice {
  job: JobProgress | null;
  downloads: Record<string, DownloadProgress>;
  setJob(job: JobProgress): void;
  setDownload(p: DownloadProgress): void;
  loadJob(): Promise<void>;
  pauseIndexing(): Promise<void>;
  resumeIndexing(): Promise<void>;
}

export const createJobsSlice: Slice<JobsSlice> = (set, get) => ({
  job: null,
  downloads: {},
  setJob: (job) => set({ job }),
  setDownload: (p) => set((s) => ({ downloads: { ...s.downloads, [p.modelId]: p } })),
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
