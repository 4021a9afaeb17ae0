/** Template-averaged text embeddings of tag prompts, cached per model key and prompt in memory and in a file. */
import { meanUnit } from '../ml/scores.js';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fillTemplate } from './vocabulary.js';

/** Embeds texts with the active model's text tower (normalised vectors, in order). */
export type EmbedText = (texts: string[]) => Promise<Float32Array[]>;

/** Prompts sent to the text tower per step (each with every template). */
const PROMPTS_PER_STEP = 4;

/**
 * [Note: Prompt templates]
 * Each tag prompt ("a dog") is put into every template of the vocabulary ("This is a photo of {label}.",
 * "a photo of {label}.", "a picture of {label}.") and the normalised embeddings are averaged and re-normalised:
 * the CLIP/SigLIP prompt-ensembling recipe, which smooths out the wording of any single template.
 * The first template is the Hugging Face zero-shot pipeline's default for SigLIP.
 */
export class PromptEmbeddingCache {
  private readonly memory = new Map<string, Float32Array>();
  private loaded = false;

  /** `file`: where to persist the cache (JSON), or null for memory only. */
  constructor(private readonly file: string | null = null) {}

  /**
   * One template-averaged unit vector per prompt, embedding only the prompts not cached for this model (key: the
   * model's embedding key, the templates and the prompt text). Missing prompts go to the text tower a few at a time,
   * with a turn of the event loop between, so searches are served meanwhile; `onProgress` hears prompts done of total.
   */
  async embed(
    modelId: string,
    templates: readonly string[],
    prompts: readonly string[],
    embedText: EmbedText,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Float32Array[]> {
    this.loadFile();
    const key = (p: string): string => `${modelId}\u0000${templates.join('\u0001')}\u0000${p}`;
    const missing = [...new Set(prompts.filter((p) => !this.memory.has(key(p))))];
    for (let i = 0; i < missing.length; i += PROMPTS_PER_STEP) {
      const chunk = missing.slice(i, i + PROMPTS_PER_STEP);
      const vectors = await embedText(chunk.flatMap((p) => templates.map((t) => fillTemplate(t, p))));
      chunk.forEach((p, j) => this.memory.set(key(p), meanUnit(vectors.slice(j * templates.length, (j + 1) * templates.length))));
      onProgress?.(Math.min(i + PROMPTS_PER_STEP, missing.length), missing.length);
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (missing.length > 0) this.saveFile();
    return prompts.map((p) => this.memory.get(key(p))!);
  }

  private loadFile(): void {
    if (this.loaded || !this.file) return;
    this.loaded = true;
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
      for (const [k, b64] of Object.entries(data)) {
        const bytes = Buffer.from(b64, 'base64');
        this.memory.set(k, new Float32Array(new Uint8Array(bytes).buffer));
      }
    } catch {
      // No cache yet, or an unreadable one: it is rebuilt from the text tower.
    }
  }

  private saveFile(): void {
    if (!this.file) return;
    const data: Record<string, string> = {};
    for (const [k, v] of this.memory) data[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.file);
  }
}
