/** Pure formatting of sizes, rates, durations, counts and dates for people to read. */

const countFormat = new Intl.NumberFormat('en-US');

/** 12877 → "12,877". */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** Bytes in the largest unit that keeps a small number: 1536 → "1.5 KB". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return 'Unknown';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** Seconds left as "~47 min left", "~2 h 5 min left", "a few seconds left"; null → "". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 90) return `~${Math.round(seconds)} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `~${minutes} min left`;
  return `~${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/** A rate with one decimal under 10: 3.14 → "3.1". */
export function formatRate(rate: number): string {
  return rate >= 10 ? String(Math.round(rate)) : rate.toFixed(1);
}

/** A 0..1 score as a whole percentage: 0.873 → "87%". */
export function formatPercent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** Stable month key of a timestamp in local time ("2023-06"), or "undated". */
export function monthKey(takenAt: number | null): string {
  if (takenAt === null) return 'undated';
  const d = new Date(takenAt);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const monthFormat = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric' });
const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** Header text of a month group: "June 2023", or "Date unknown". */
export function monthLabel(takenAt: number | null): string {
  return takenAt === null ? 'Date unknown' : monthFormat.format(new Date(takenAt));
}

/** A timestamp for the inspector: "Jun 4, 2023, 6:12 PM". */
export function formatDate(ms: number | null): string {
  return ms === null ? 'Unknown' : dateFormat.format(new Date(ms));
}

/** The file name of a path, for either separator. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
