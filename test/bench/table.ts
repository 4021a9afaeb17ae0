/** Prints benchmark sections as an aligned text table, marking figures that meet or miss their targets. */
import { meets, type Figure, type Section } from './types.js';

function show(value: number, unit = ''): string {
  if (!Number.isFinite(value)) return String(value);
  // Cosines near 1 differ in the fourth decimal and beyond.
  if (unit === 'cos') return value.toFixed(6);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 100) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function verdict(f: Figure): string {
  if (!f.target) return '';
  return `${meets(f.value, f.target) ? 'ok  ' : 'MISS'} (${f.target.op} ${show(f.target.value)})`;
}

/** The table text for `sections`: one block per section, its notes below it. */
export function formatTable(sections: Section[]): string {
  const rows = sections.flatMap((s) => s.figures.map((f) => [f.label, show(f.value, f.unit), f.unit, verdict(f)]));
  const width = [0, 1, 2].map((c) => Math.max(8, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string =>
    `  ${r[0]!.padEnd(width[0]!)}  ${r[1]!.padStart(width[1]!)} ${r[2]!.padEnd(width[2]!)}  ${r[3]}`.trimEnd();
  const out: string[] = [];
  for (const s of sections) {
    out.push('', `${s.name}${s.seconds !== undefined ? `  (${s.seconds.toFixed(0)} s)` : ''}`);
    for (const f of s.figures) out.push(line([f.label, show(f.value, f.unit), f.unit, verdict(f)]));
    for (const n of s.notes) out.push(`    · ${n}`);
  }
  return out.join('\n');
}
