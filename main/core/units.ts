/** Sizes, durations and time left as a person reads them: the one formatter for UI, CLI and error messages. */
import type { PhotoExposure } from '../../preload/contract.js';

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

/** Exposure as a photographer writes it: ["RF24-105mm F4 L IS USM", "50 mm (80 mm equiv.)", "ƒ/4", "1/250 s", "ISO 400", "Flash fired"]. */
export function formatExposure(e: PhotoExposure): string[] {
  const parts: string[] = [];
  if (e.lens) parts.push(e.lens);
  if (e.focalLengthMm !== null) {
    const equiv = e.focalLength35Mm !== null && Math.round(e.focalLength35Mm) !== Math.round(e.focalLengthMm);
    parts.push(`${Number(e.focalLengthMm.toFixed(1))} mm${equiv ? ` (${Math.round(e.focalLength35Mm!)} mm equiv.)` : ''}`);
  }
  if (e.aperture !== null) parts.push(`ƒ/${Number(e.aperture.toFixed(1))}`);
  if (e.exposureSeconds !== null) parts.push(formatShutter(e.exposureSeconds));
  if (e.iso !== null) parts.push(`ISO ${Math.round(e.iso)}`);
  if (e.flashFired !== null) parts.push(e.flashFired ? 'Flash fired' : 'No flash');
  return parts;
}

/** Shutter time: 0.004 → "1/250 s", 0.5 → "1/2 s", 2.5 → "2.5 s". */
function formatShutter(seconds: number): string {
  if (seconds >= 1) return `${Number(seconds.toFixed(1))} s`;
  return `1/${Math.round(1 / seconds)} s`;
}
