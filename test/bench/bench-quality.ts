/**
 * Quality on the held-out generated world with the trained world SigLIP (test/world), through the product's search
 * service and tag suggestions: precision/recall per query kind, the cut-off calibrated and uncalibrated, find-similar,
 * suggestions, and two invariants that hold for any model.
 */
import { fixtureCatalog } from '../world/fixture-catalog.js';
import { measureQuality } from '../world/quality.js';
import { worldCatalog } from '../world/world-catalog.js';
import { now } from './stats.js';
import type { BenchFn, Figure } from './types.js';

/** `quality.` for the world model, `quality.fixture.` for the tiny colour fixture (ctx.param = 'fixture'). */
let base = 'quality.';
const pct = (key: string, label: string, value: number): Figure => ({
  key: `${base}${key}`,
  label,
  value: Math.round(value * 1000) / 10,
  unit: '%',
});

/** Indexes 2,000 held-out photos (500 with --quick) and measures; with param 'fixture', the 24 fixture photos. */
export const run: BenchFn = async (ctx) => {
  const count = ctx.quick ? 500 : 2000;
  const fixture = ctx.param === 'fixture';
  base = fixture ? 'quality.fixture.' : 'quality.';
  const t0 = now();
  const world = fixture ? await fixtureCatalog() : await worldCatalog(count, 'xenova');
  const indexSeconds = (now() - t0) / 1000;
  try {
    const q = await measureQuality(world);
    const figures: Figure[] = [];
    for (const [kind, s] of Object.entries(q.search)) {
      figures.push(pct(`search.${kind}.p10`, `search ${kind}: precision@10`, s.precisionAt10));
      figures.push(pct(`search.${kind}.r50`, `search ${kind}: recall@50`, s.recallAt50));
    }
    for (const [mode, c] of Object.entries(q.cutoff)) {
      figures.push(pct(`cutoff.${mode}.precision`, `cut-off (${mode}): precision of what is shown`, c.precision));
      figures.push(pct(`cutoff.${mode}.recall`, `cut-off (${mode}): recall of what is relevant`, c.recall));
      figures.push({
        key: `${base}cutoff.${mode}.shown`,
        label: `cut-off (${mode}): photos shown per query`,
        value: Math.round(c.shownPerQuery * 10) / 10,
        unit: 'photos',
      });
    }
    figures.push(pct('similar.colourShape', 'find-similar: top 10 with the same colour and shape', q.similar.colourAndShapeAt10));
    figures.push(pct('similar.colour', 'find-similar: top 10 with the same colour', q.similar.colourAt10));
    for (const [mode, s] of Object.entries(q.suggestions)) {
      figures.push(pct(`suggest.${mode}.precision`, `suggestions (${mode}): precision per concept`, s.precision));
      figures.push(pct(`suggest.${mode}.recall`, `suggestions (${mode}): recall per concept`, s.recall));
      figures.push({
        key: `${base}suggest.${mode}.perPhoto`,
        label: `suggestions (${mode}): shown per photo`,
        value: Math.round(s.perPhoto * 100) / 100,
        unit: 'per photo',
      });
    }
    figures.push({
      key: `${base}invariant.exclusion`,
      label: 'queries where `a -b` had more strong matches than `a`',
      value: q.invariants.exclusionAddedStrong,
      unit: 'queries',
      target: { op: '<=', value: 0 },
    });
    figures.push({
      key: `${base}invariant.relative`,
      label: 'relative cut-offs above the best score',
      value: q.invariants.relativeCutoffAboveBest,
      unit: 'queries',
      target: { op: '<=', value: 0 },
    });
    return {
      name: fixture
        ? `quality (tiny colour fixture, hand-built model, ${q.photos} photos)`
        : `quality (world SigLIP, ${q.photos} held-out photos)`,
      figures,
      notes: [
        `indexed in ${indexSeconds.toFixed(0)} s through decodePhoto + VisionTower (${fixture ? 'Immich' : 'transformers.js'} layout, fp32); default sensitivity 0.5`,
        'precision@10 and recall@50 count the relevant photos in the top 10 / 50 against min(10 / 50, relevant); queries with nothing relevant in the catalog are left out; the cut-off figures use plain (single and compositional) queries',
      ],
    };
  } finally {
    await world.close();
  }
};
