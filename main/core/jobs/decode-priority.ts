/** Puts the indexing child's decode threads behind the model's threads in the CPU scheduler (Linux). */
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Names Linux gives the threads that decode photos: libuv's pool (sharp's jobs run there) and libvips' workers. */
const DECODE_THREADS = new Set(['libuv-worker', 'libvips worker']);
/**
 * Nice 10: against a model thread (nice 0) a decode gets ~1/10 of a core, plus every moment the model's threads wait.
 * At nice 19 the int8 models, which need decodes faster, waited for them 11–15 % of the time.
 */
export const DECODE_NICE = 10;

/**
 * [Note: Decodes behind the model]
 * onnxruntime runs one thread per core and splits each operator between them; a decode sharing a core with one of
 * them slows that half, and the other half then waits for it at the end of every operator, so decodes slowed the
 * model by more than the CPU they took. At a low priority a decode runs mostly where a model thread waits (an
 * operator's end, between runs) or when the model waits for photos. The indexing bench's four pipelines (24 photos
 * each, 2 cores, nice 0 / 5 / 10 / 19 in turn, two rounds), photos/s: Immich fp32 2.55, 3.26 / 2.83, 3.31 / 3.20,
 * 3.32 / 3.28, 3.50; Immich int8 6.45, 7.41 / 7.31, 7.74 / 7.96, 7.74 / 7.41, 7.29; Xenova fp32 3.22, 3.29 / 3.26,
 * 3.37 / 3.35, 3.35 / 3.41, 3.37; Xenova int8 6.30, 7.34 / 7.56, 7.67 / 7.41, 7.54 / 7.41, 7.42. Linux keeps a priority
 * per thread and names them; elsewhere Node can set a whole process's priority only, which would hold the model back
 * too, so nothing changes there. Threads libvips starts later are started from libuv's, and inherit the priority.
 *
 * Lowers every decode thread of this process to DECODE_NICE; returns how many it lowered (0 off Linux).
 * Call it once libuv's pool has started (any `fs/promises` call starts it) and the model's threads exist.
 */
export function lowerDecodeThreads(platform: NodeJS.Platform = process.platform): number {
  if (platform !== 'linux') return 0;
  let lowered = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (!DECODE_THREADS.has(readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim())) continue;
      setPriority(Number(tid), DECODE_NICE);
      lowered++;
    } catch {
      // The thread ended between the listing and now.
    }
  }
  return lowered;
}
