/** Figures computed across benchmarks: pipeline efficiency against the model's limit, and ours against the peer. */
import { availableParallelism } from 'node:os';
import type { Figure, Section } from './types.js';

/**
 * Each pipeline and the limit it is judged against. The int8 limit is measured on the Immich tower; the Xenova
 * export's int8 tower is made from the same weights.
 */
const LIMITS = [
  ['immich', 'limit.immich.best'],
  ['immich-int8', 'limit.int8.best'],
  ['xenova', 'limit.xenova.best'],
  ['xenova-int8', 'limit.int8.best'],
] as const;

/** The efficiency and peer-ratio section, from figures other sections reported (absent inputs are skipped). */
export function derivedSection(sections: Section[]): Section {
  const byKey = new Map(sections.flatMap((s) => s.figures).map((f) => [f.key, f.value]));
  const figures: Figure[] = [];
  const ratio = (key: string, label: string, top: string, bottom: string, target?: Figure['target']): void => {
    const a = byKey.get(top);
    const b = byKey.get(bottom);
    if (a !== undefined && b !== undefined && b > 0) figures.push({ key, label, value: a / b, unit: '×', ...(target ? { target } : {}) });
  };
  for (const [layout, limitKey] of LIMITS) {
    const int8 = layout.endsWith('-int8');
    const label = int8
      ? `EFFICIENCY ${layout.replace('-int8', '')} int8: pipeline ÷ int8 limit (best threads)`
      : `EFFICIENCY ${layout}: pipeline ÷ limit (best setting)`;
    ratio(`efficiency.${layout}`, label, `pipeline.${layout}`, limitKey, { op: '>=', value: 0.95 });
  }
  ratio(
    'efficiency.immich.same_threads',
    'efficiency immich: pipeline ÷ limit at the same (default) threads',
    'pipeline.immich',
    'limit.immich.tdefault.b1',
  );
  ceiling(byKey, figures);
  ratio('peer.ratio.xenova', 'ours ÷ peer, both fp32 on the Xenova export', 'pipeline.xenova', 'peer');
  ratio(
    'peer.ratio.xenova.bound',
    'most ours ÷ peer could be, both fp32: the model alone (Xenova limit, best setting) ÷ peer',
    'limit.xenova.best',
    'peer',
  );
  ratio(
    'peer.ratio.xenova_int8',
    'OURS ÷ PEER on the Xenova export, each at its CPU default (ours: int8 made from it; transformers.js: fp32)',
    'pipeline.xenova-int8',
    'peer',
    { op: '>=', value: 2 },
  );
  ratio('peer.ratio.immich', 'ours (Immich export, fp32) ÷ peer', 'pipeline.immich', 'peer');
  return {
    name: 'derived: efficiency and peer ratio',
    figures,
    notes: [
      'pipeline = photos/s from model ready to last photo stored; limit = raw onnxruntime photos/s on ready tensors of the same export',
      'ceiling = the efficiency possible when the model (at its limit, using every core) and the decodes share the same cores: limit⁻¹ ÷ (limit⁻¹ + decode.alone⁻¹), decode.alone being decodes/s with every core',
    ],
  };
}

/**
 * The best efficiency this machine allows when decoding takes CPU from a model that already uses every core: a photo
 * costs 1/limit seconds of all cores for inference plus 1/decode.alone seconds of all cores for its decode.
 */
function ceiling(byKey: Map<string, number>, figures: Figure[]): void {
  const decodeRate = byKey.get('decode.alone');
  if (decodeRate === undefined || decodeRate <= 0) return;
  for (const [layout, limitKey] of LIMITS) {
    const limit = byKey.get(limitKey);
    if (limit === undefined || limit <= 0) continue;
    const value = 1 / limit / (1 / limit + 1 / decodeRate);
    figures.push({
      key: `efficiency.${layout}.ceiling`,
      label: `efficiency ceiling ${layout} on ${availableParallelism()} cores (model and decodes share them)`,
      value,
      unit: '×',
    });
    const efficiency = figures.find((f) => f.key === `efficiency.${layout}`)?.value;
    if (efficiency === undefined) continue;
    figures.push({
      key: `efficiency.${layout}.of_ceiling`,
      label: `EFFICIENCY ${layout} ÷ its ceiling (same run)`,
      value: efficiency / value,
      unit: '×',
      target: { op: '>=', value: 0.95 },
    });
  }
}
