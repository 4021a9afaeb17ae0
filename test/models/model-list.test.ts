/** The shipped model list validates, holds the five SigLIP models with honest fields, and the schema rejects mistakes. */
import { describe, expect, it } from 'vitest';
import { approxVariantBytes, findListedModel, findVariant, loadModelList, parseModelList } from '../../main/core/ml/model-list.js';

const modelList = loadModelList();
const model = (id: string) => {
  const m = findListedModel(modelList, id);
  if (!m) throw new Error(`no ${id}`);
  return m;
};

describe('shipped model list', () => {
  it('lists the five models with their Immich repositories and Multilingual 256 as default', () => {
    expect(modelList.defaultModel).toBe('siglip-base-256-multilingual');
    const repos = modelList.models.map((m) => findVariant(m)?.repo);
    expect(repos).toEqual([
      'immich-app/ViT-B-16-SigLIP-i18n-256__webli',
      'immich-app/ViT-L-16-SigLIP-256__webli',
      'immich-app/ViT-L-16-SigLIP-384__webli',
      'immich-app/ViT-SO400M-14-SigLIP-384__webli',
      'immich-app/ViT-B-16-SigLIP__webli',
    ]);
    for (const id of ['siglip-base-256-multilingual', 'siglip-so400m-384']) {
      expect(model(id).variants.every((v) => v.repo.startsWith('immich-app/'))).toBe(true);
    }
    expect(model('siglip-base-224').variants.map((v) => v.repo)).toContain('Xenova/siglip-base-patch16-224');
    expect(model('siglip-large-384').variants.map((v) => v.repo)).toContain('Xenova/siglip-large-patch16-384');
  });

  it('stores logit_scale as a log and never invents unknown scalars', () => {
    expect(Math.exp(model('siglip-base-224').logitScaleLog!)).toBeCloseTo(117.330765, 5);
    expect(model('siglip-base-224').logitBias).toBe(-12.932437);
    expect(Math.exp(model('siglip-large-384').logitScaleLog!)).toBeCloseTo(118.2, 6);
    expect(Math.exp(model('siglip-so400m-384').logitScaleLog!)).toBeCloseTo(112.33, 6);
    expect(model('siglip-so400m-384').logitBias).toBeNull();
    expect(model('siglip-base-256-multilingual').logitScaleLog).toBeNull();
    expect(model('siglip-base-256-multilingual').checkpointRepo).toBe('google/siglip-base-patch16-256-multilingual');
    expect(model('siglip-large-256').checkpointRepo).toBe('google/siglip-large-patch16-256');
  });

  it('has no made-up hashes: every file is pinned only by a real commit, or resolved at download', () => {
    for (const m of modelList.models) {
      expect(m.contextLength).toBe(64);
      expect(m.licence).toBe('Apache-2.0');
      for (const v of m.variants) {
        for (const f of v.files) if (f.sha256 !== null) expect(v.revision).toMatch(/^[0-9a-f]{40}$/);
      }
    }
  });

  it('carries the cost and quality figures and approximate sizes where known', () => {
    expect(model('siglip-base-256-multilingual').quality).toEqual({ visionGflops: 46.8, imagenetZeroShot: 75.1, cocoImageR1: 44.9 });
    expect(model('siglip-so400m-384').quality.visionGflops).toBe(670.4);
    expect(approxVariantBytes(findVariant(model('siglip-base-224'), 'xenova-int8')!)).toBe(99_500_000 + 111_000_000);
    expect(approxVariantBytes(findVariant(model('siglip-base-256-multilingual'))!)).toBeNull();
  });
});

describe('parseModelList', () => {
  const good = structuredClone(modelList);
  it('rejects duplicate ids, a missing default variant and a malformed hash, naming each', () => {
    const bad = structuredClone(good);
    bad.models.push(structuredClone(bad.models[0]!));
    bad.models[1]!.defaultVariant = 'nope';
    bad.models[2]!.variants[0]!.files[0]!.sha256 = 'abc';
    expect(() => parseModelList(bad)).toThrow(/duplicate model id "siglip-base-256-multilingual"/);
    expect(() => parseModelList(bad)).toThrow(/default variant "nope"/);
    expect(() => parseModelList(bad)).toThrow(/64 lowercase hex/);
  });
  it('rejects an unknown field (a typo such as logitScale for logitScaleLog)', () => {
    const bad = structuredClone(good) as unknown as { models: Record<string, unknown>[] };
    bad.models[0]!.logitScale = 117;
    expect(() => parseModelList(bad)).toThrow(/logitScale/);
  });
});
