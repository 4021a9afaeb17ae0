// Development bootstrap for worker threads: registers tsx in the thread, then loads the TypeScript entry it names.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
