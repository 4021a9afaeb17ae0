/** Sizes, durations and time left as a person reads them: the one formatter for UI, CLI and error messages. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes in the largest binary unit that keeps a small number: 1536 → "1.5 KB", 402653184 → "384 MB"; null → "Unknown". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return 'Unknown';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}

/** Seconds as "12 s", "3 min", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Time left as "a few seconds left", "~47 s left", "~12 min left", "~2 h 5 min left"; null or nonsense → "". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 10) return 'a few seconds left';
  return `~${formatDuration(seconds)} left`;
}
