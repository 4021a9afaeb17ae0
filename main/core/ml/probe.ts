/** Validates an imported model folder: loads both towers on CPU, runs one tiny inference each, and says what is wrong. */
import { folderFile, ModelFolderError, readModelFolder, type ModelFolder } from './model-folder.js';
import { SessionOpenError } from './session.js';
import { TextTower } from './text-tower.js';
import { VisionTower } from './vision-tower.js';

/** The outcome of {@link probeModelFolder}: the usable folder and its embedding size, or the exact reason it is not. */
export type ProbeResult = { ok: true; folder: ModelFolder; dim: number } | { ok: false; reason: string };

/** The message a person sees: folder errors without the folder, session errors by file name and the CPU's complaint. */
function reasonOf(e: unknown, folder: ModelFolder | undefined): string {
  if (e instanceof ModelFolderError) return e.reason;
  if (e instanceof SessionOpenError && folder) return `${folderFile(folder, e.modelPath)} cannot be loaded: ${e.attempts.at(-1)?.error}`;
  return e instanceof Error ? e.message : String(e);
}

/** The first problem with the two embeddings, or null when they are usable. */
function embeddingProblem(folder: ModelFolder, image: Float32Array, text: Float32Array): string | null {
  if (image.length !== text.length) return `vision embedding dim ${image.length} ≠ text embedding dim ${text.length}`;
  if (folder.embedDim !== null && folder.embedDim !== image.length) {
    return `config.json says embedding dim ${folder.embedDim} but the towers produce ${image.length}`;
  }
  if (!image.every(Number.isFinite)) return `${folderFile(folder, folder.visionPath)} produced non-finite values for a blank image`;
  if (!text.every(Number.isFinite)) return `${folderFile(folder, folder.textPath)} produced non-finite values for "a photo"`;
  return null;
}

/**
 * Loads `dir` as a model folder, opens both towers on CPU, checks names, dtypes and dims against the configs, and
 * embeds a blank image and "a photo". Never throws: every failure comes back as `{ ok: false, reason }`.
 */
export async function probeModelFolder(dir: string): Promise<ProbeResult> {
  let vision: VisionTower | undefined;
  let text: TextTower | undefined;
  let folder: ModelFolder | undefined;
  try {
    folder = await readModelFolder(dir);
    vision = await VisionTower.open(folder, { provider: 'cpu' });
    text = await TextTower.open(folder, { provider: 'cpu' });
    if (vision.dim !== text.dim) return { ok: false, reason: `vision embedding dim ${vision.dim} ≠ text embedding dim ${text.dim}` };
    const [image] = await vision.embed([new Float32Array(3 * folder.imageSize * folder.imageSize)]);
    const [caption] = await text.embed(['a photo']);
    const problem = embeddingProblem(folder, image!, caption!);
    return problem === null ? { ok: true, folder, dim: vision.dim } : { ok: false, reason: problem };
  } catch (e) {
    return { ok: false, reason: reasonOf(e, folder) };
  } finally {
    await vision?.release();
    await text?.release();
  }
}
