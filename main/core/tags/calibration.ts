/** The logit scale and bias suggestions use: the model's own, or those of the listed model an import is a copy of. */
import { loadModelList, type ModelList } from '../ml/model-list.js';
import { listInstalled, type InstalledModel, type ModelManifest } from '../ml/registry.js';
import type { LogitCalibration } from '../ml/scores.js';

/** Where calibration is looked up: the bundled model list and the app's models folder (downloads record their hashes). */
export interface CalibrationSources {
  modelsDir: string;
  modelList?: ModelList;
}

/** Files that carry weights (configs and tokenizers are shared across exports and prove nothing on their own). */
const isWeights = (path: string): boolean => /\.onnx(_data)?$|\.onnx\.data$/.test(path);

/** Whether every weight file of `known` is in `files` under the same path with the same SHA-256 (and there is one). */
function sameWeights(known: { path: string; sha256: string | null }[], files: ModelManifest['files']): boolean {
  const hashes = new Map(files.map((f) => [f.path, f.sha256]));
  const weights = known.filter((f) => isWeights(f.path));
  return weights.length > 0 && weights.every((f) => f.sha256 !== null && hashes.get(f.path) === f.sha256);
}

const scalars = (m: { logitScaleLog: number | null; logitBias: number | null }): LogitCalibration | null =>
  m.logitScaleLog !== null && m.logitBias !== null ? { logitScaleLog: m.logitScaleLog, logitBias: m.logitBias } : null;

/**
 * [Note: Calibration of imported models]
 * An imported folder has no logit scale or bias of its own (they live only in the full checkpoint). When its weight
 * files are byte-for-byte one of the listed models — the same SHA-256 as the model list gives, or as a download of
 * that model recorded in its manifest — it is that model, and gets that model's scale and bias. Otherwise it stays
 * uncalibrated and suggestions use relative scores (see [Note: Relative suggestion scores]).
 */
export async function calibrationOf(model: InstalledModel, sources: CalibrationSources): Promise<LogitCalibration | null> {
  const own = scalars(model.manifest);
  if (own || model.manifest.origin !== 'import') return own;
  const modelList = sources.modelList ?? loadModelList();
  for (const m of modelList.models) {
    const cal = scalars(m);
    if (cal && m.variants.some((v) => sameWeights(v.files, model.manifest.files))) return cal;
  }
  for (const other of await listInstalled(sources.modelsDir)) {
    if (other.manifest.origin !== 'download' || other.manifest.id === model.manifest.id) continue;
    const cal =
      scalars(other.manifest) ??
      scalars(modelList.models.find((m) => m.id === other.manifest.id) ?? { logitScaleLog: null, logitBias: null });
    if (cal && sameWeights(other.manifest.files, model.manifest.files)) return cal;
  }
  return null;
}
