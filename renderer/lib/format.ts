/** Pure formatting of sizes, rates, durations, counts and dates for people to read. */

const countFormat = new Intl.NumberFormat('en-US');

/** 12877 → "12,877". */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

// Sizes and time left are formatted by core's one formatter, so the UI, the CLI and error messages agree.
export { formatBytes, formatEta, formatExposure } from '../../main/core/units.js';

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
