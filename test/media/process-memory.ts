/** Test helper: peak memory (VmHWM) of a process and all its descendants, sampled from /proc while it runs. */
import { readdirSync, readFileSync } from 'node:fs';

/** The highest VmHWM seen per process, with a short name for each (from its command line). */
export interface PeakMemory {
  byPid: Map<number, { name: string; peakBytes: number }>;
  stop(): void;
}

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function hwmBytes(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function nameOf(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return args
      .map((a) => a.split('/').pop()!)
      .filter((a) => !a.startsWith('-') && !a.startsWith('file:'))
      .slice(0, 3)
      .join(' ');
  } catch {
    return '';
  }
}

/** Samples `rootPid` and every descendant every `intervalMs` until stop() (VmHWM is each process's own peak). */
export function watchPeakMemory(rootPid: number, intervalMs = 20): PeakMemory {
  const byPid = new Map<number, { name: string; peakBytes: number }>();
  const sample = (): void => {
    const queue = [rootPid];
    while (queue.length > 0) {
      const pid = queue.shift()!;
      const hwm = hwmBytes(pid);
      if (hwm !== null) {
        const known = byPid.get(pid) ?? { name: '', peakBytes: 0 };
        known.name = nameOf(pid) || known.name; // the latest: a fork shows its parent's command line until it execs
        known.peakBytes = Math.max(known.peakBytes, hwm);
        byPid.set(pid, known);
      }
      queue.push(...childrenOf(pid));
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return { byPid, stop: () => clearInterval(timer) };
}
