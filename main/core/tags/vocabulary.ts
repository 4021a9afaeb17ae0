/** The zero-shot vocabulary: everyday photo concepts with prompts, loaded from JSON and validated with zod. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { appRoot } from '../app-root.js';
import { normalizeTagName } from './tag-names.js';

const entrySchema = z.object({
  name: z.string().refine(
    (s) => {
      const n = normalizeTagName(s);
      return n.ok && n.name === s;
    },
    {
      message: 'must be a normalised tag name like "Animals/Dog"',
    },
  ),
  prompt: z.string().trim().min(1).max(200),
});

const vocabularySchema = z.object({
  version: z.literal(1),
  templates: z.array(z.string().refine((t) => t.includes('{label}'), { message: 'a template must contain {label}' })).min(1),
  entries: z.array(entrySchema).min(1),
});

/** A concept the app can suggest: its tag name and the words put into the prompt templates. */
export interface VocabularyEntry {
  name: string;
  prompt: string;
}

/** The validated vocabulary file. */
export type Vocabulary = z.infer<typeof vocabularySchema>;

/** Where the bundled vocabulary lives (resources/tags/vocabulary.json at the repo or app root). */
export function defaultVocabularyPath(): string {
  return join(appRoot(), 'resources', 'tags', 'vocabulary.json');
}

/**
 * Loads and validates a vocabulary file; throws an Error naming the file and the first problem (a broken bundled
 * file is a bug, not a user error). Duplicate names (case-insensitive) are rejected.
 */
export function loadVocabulary(file = defaultVocabularyPath()): Vocabulary {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = vocabularySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const e of parsed.data.entries) {
    const key = e.name.toLowerCase();
    if (seen.has(key)) throw new Error(`${file}: duplicate entry "${e.name}"`);
    seen.add(key);
  }
  return parsed.data;
}

/** Fills a template: "This is a photo of {label}." + "a dog" → "This is a photo of a dog." */
export function fillTemplate(template: string, label: string): string {
  return template.replaceAll('{label}', label);
}
