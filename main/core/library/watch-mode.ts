/** How to notice changes in a folder: OS events, polling (network file systems) or periodic rescans. */
import { readFileSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';
import type { WatchMode } from '../../../preload/contract.js';

/** File systems where OS change events are unreliable or absent, so chokidar must poll. */
const networkTypes = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'sshfs', 'fuse.sshfs', '9p', 'davfs', 'fuse.davfs']);

/** A decided mode with the reason shown next to the folder (null for plain events). */
export interface WatchDecision {
  mode: WatchMode;
  reason: string | null;
}

/** Decodes the octal escapes (`\040` = space) /proc/mounts uses in mount points. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/**
 * The file-system type `path` lives on, from the longest matching mount point in `mountsText` (the contents of
 * /proc/mounts), or null when unknown (non-Linux, unreadable).
 */
export function fsTypeOf(path: string, mountsText: string): string | null {
  let best: { point: string; type: string } | null = null;
  for (const line of mountsText.split('\n')) {
    const [, rawPoint, type] = line.split(' ');
    if (!rawPoint || !type) continue;
    const point = unescapeMount(rawPoint);
    const inside = point === '/' || path === point || path.startsWith(point.endsWith(sep) ? point : point + sep);
    if (inside && (!best || point.length > best.point.length)) best = { point, type };
  }
  return best?.type ?? null;
}

/** Reads /proc/mounts and resolves `root` to its real path; null on platforms without it. */
function systemFsType(root: string): string | null {
  try {
    return fsTypeOf(realpathSync(root), readFileSync('/proc/mounts', 'utf8'));
  } catch {
    return null;
  }
}

/** Picks the watch mode for a root: a forced mode wins, then network file systems poll, else OS events. */
export function decideWatchMode(root: string, forced?: 'polling' | 'rescan', fsType = systemFsType(root)): WatchDecision {
  if (forced === 'polling') return { mode: 'polling', reason: 'Polling was chosen in the settings.' };
  if (forced === 'rescan') return { mode: 'rescan', reason: 'Periodic rescans were chosen in the settings.' };
  if (fsType !== null && networkTypes.has(fsType)) {
    return { mode: 'polling', reason: `Network drive (${fsType}): changes are found by polling, which can take a few seconds.` };
  }
  return { mode: 'events', reason: null };
}

/** Whether a watcher error means the OS ran out of watches or file handles (switch to rescans). */
export function isWatchLimitError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE';
}

/** `ms` in the largest unit that reads naturally: "300 ms", "45 s", "5 min". */
export function describeInterval(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** The rescan mode a folder falls back to after watch-limit error `code`, with the reason shown next to it. */
export function watchLimitDecision(code: string | undefined, rescanIntervalMs: number): WatchDecision {
  return {
    mode: 'rescan',
    reason: `The system's limit on watched files was reached (${code ?? 'no error code'}); Shoebox rescans this folder every ${describeInterval(rescanIntervalMs)} instead. On Linux, raise fs.inotify.max_user_watches to get live updates.`,
  };
}
