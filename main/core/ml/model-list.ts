/** The list of SigLIP models the app can download (resources/models/model-list.json): schema, validation and look-ups. */
import { z } from 'zod';
import modelListJson from '../../../resources/models/model-list.json' with { type: 'json' };

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits');

/** One file of a variant: its path in the repository, a display size, and its SHA-256 when truly known. */
export const listedFileSchema = z.strictObject({
  path: z
    .string()
    .min(1)
    .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'a relative path'),
  /** Approximate size for display (decimal bytes); the exact size comes from Hugging Face. */
  approxBytes: z.number().int().positive().nullable(),
  sha256: sha256.nullable(),
});

/** Where one precision of a model comes from, and which files make it up. */
export const listedVariantSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  precision: z.enum(['fp32', 'fp16', 'int8']),
  layout: z.enum(['immich', 'xenova']),
  repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name'),
  /** A branch ("main": resolved to a commit at first download) or a 40-hex commit. */
  revision: z.string().min(1),
  files: z.array(listedFileSchema).min(1),
});

/** One model: what it is, what it costs, how well it does, and its variants. */
export const listedModelSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  name: z.string().min(1),
  description: z.string().min(1),
  languages: z.string().min(1),
  licence: z.string().min(1),
  /** The original checkpoint whose model.safetensors holds logit_scale / logit_bias. */
  checkpointRepo: z.string().regex(/^[\w.-]+\/[\w.-]+$/),
  imageSize: z.number().int().positive(),
  patchSize: z.number().int().positive(),
  embedDim: z.number().int().positive(),
  contextLength: z.number().int().positive(),
  /** The checkpoint's `logit_scale`, which is a LOG: the multiplier is exp(logitScaleLog). Null = read at download. */
  logitScaleLog: z.number().nullable(),
  /** The checkpoint's `logit_bias` (added after scaling). Null = read at download. */
  logitBias: z.number().nullable(),
  quality: z.strictObject({
    visionGflops: z.number().positive().nullable(),
    imagenetZeroShot: z.number().nullable(),
    cocoImageR1: z.number().nullable(),
  }),
  defaultVariant: z.string(),
  variants: z.array(listedVariantSchema).min(1),
});

/** The whole model list file. */
export const modelListSchema = z
  .strictObject({
    version: z.literal(1),
    defaultModel: z.string(),
    notes: z.string().optional(),
    models: z.array(listedModelSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    for (const m of c.models) {
      if (ids.has(m.id)) ctx.addIssue({ code: 'custom', message: `duplicate model id "${m.id}"` });
      ids.add(m.id);
      const variantIds = m.variants.map((v) => v.id);
      if (new Set(variantIds).size !== variantIds.length) {
        ctx.addIssue({ code: 'custom', message: `model "${m.id}" has duplicate variant ids` });
      }
      if (!variantIds.includes(m.defaultVariant)) {
        ctx.addIssue({ code: 'custom', message: `model "${m.id}": default variant "${m.defaultVariant}" is not listed` });
      }
    }
    if (!ids.has(c.defaultModel)) ctx.addIssue({ code: 'custom', message: `default model "${c.defaultModel}" is not listed` });
  });

export type ListedFile = z.infer<typeof listedFileSchema>;
export type ListedVariant = z.infer<typeof listedVariantSchema>;
export type ListedModel = z.infer<typeof listedModelSchema>;
export type ModelList = z.infer<typeof modelListSchema>;

/** Validates a model list; throws with every problem listed (a broken shipped list is a bug). */
export function parseModelList(raw: unknown): ModelList {
  const parsed = modelListSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`The model list is invalid:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

let shipped: ModelList | null = null;

/** The model list shipped with the app (bundled JSON), validated once. */
export function loadModelList(): ModelList {
  shipped ??= parseModelList(modelListJson);
  return shipped;
}

/** The listed model with this id, or null. */
export function findListedModel(modelList: ModelList, id: string): ListedModel | null {
  return modelList.models.find((m) => m.id === id) ?? null;
}

/** The named variant of a model (its default when `variantId` is omitted), or null when it has no such variant. */
export function findVariant(model: ListedModel, variantId?: string): ListedVariant | null {
  return model.variants.find((v) => v.id === (variantId ?? model.defaultVariant)) ?? null;
}

/** Approximate download size of a variant for display; null when an ONNX file's size is unknown. */
export function approxVariantBytes(variant: ListedVariant): number | null {
  if (variant.files.some((f) => f.path.endsWith('.onnx') && f.approxBytes === null)) return null;
  return variant.files.reduce((sum, f) => sum + (f.approxBytes ?? 0), 0);
}
