/** The vocabulary's concepts in the catalog: kept in step with the vocabulary file, listed with pending counts. */
import type { VocabularyConcept } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { categoryOf } from './tag-names.js';
import type { Vocabulary } from './vocabulary.js';

/** One concepts row. */
export interface ConceptRow {
  id: number;
  name: string;
  prompt: string;
  category: string | null;
}

/**
 * Makes the concepts table hold exactly the vocabulary's entries (prompts updated in place, so pending and rejected
 * proposals of a concept survive a vocabulary update; a concept that left the vocabulary goes with its proposals).
 * Returns whether anything changed.
 */
export function syncConcepts(db: Db, vocabulary: Vocabulary): boolean {
  return db.transaction(() => {
    const have = new Map(
      (db.prepare('SELECT id, name, prompt, category FROM concepts').all() as ConceptRow[]).map((c) => [c.name.toLowerCase(), c]),
    );
    const insert = db.prepare('INSERT INTO concepts (name, prompt, category) VALUES (?, ?, ?)');
    const update = db.prepare('UPDATE concepts SET name = ?, prompt = ?, category = ? WHERE id = ?');
    let changed = false;
    const wanted = new Set<string>();
    for (const e of vocabulary.entries) {
      const key = e.name.toLowerCase();
      wanted.add(key);
      const row = have.get(key);
      const category = categoryOf(e.name);
      if (!row) {
        insert.run(e.name, e.prompt, category);
        changed = true;
      } else if (row.name !== e.name || row.prompt !== e.prompt || row.category !== category) {
        update.run(e.name, e.prompt, category, row.id);
        changed = true;
      }
    }
    const drop = db.prepare('DELETE FROM concepts WHERE id = ?');
    for (const [key, row] of have) {
      if (wanted.has(key)) continue;
      drop.run(row.id);
      changed = true;
    }
    return changed;
  })();
}

/** Every concept row, by name. */
export function allConcepts(db: Db): ConceptRow[] {
  return db.prepare('SELECT id, name, prompt, category FROM concepts ORDER BY name').all() as ConceptRow[];
}

/** A concept by name (case-insensitive), or null. */
export function findConcept(db: Db, name: string): ConceptRow | null {
  return (db.prepare('SELECT id, name, prompt, category FROM concepts WHERE name = ?').get(name) as ConceptRow | undefined) ?? null;
}

/**
 * The vocabulary as a person browses it: each concept, whether it is one of their tags already, and how many photos
 * it is pending for (as a concept, or as the tag it became).
 */
export function listVocabulary(db: Db): VocabularyConcept[] {
  const rows = db
    .prepare(
      `SELECT c.name, c.prompt, c.category, t.id AS tagId,
         CASE WHEN t.id IS NULL
           THEN (SELECT COUNT(*) FROM concept_suggestions cs WHERE cs.concept_id = c.id AND cs.status = 'pending')
           ELSE (SELECT COUNT(*) FROM suggestions s WHERE s.tag_id = t.id AND s.status = 'pending')
         END AS pendingSuggestions
       FROM concepts c LEFT JOIN tags t ON t.name = c.name ORDER BY c.name`,
    )
    .all() as { name: string; prompt: string; category: string | null; tagId: number | null; pendingSuggestions: number }[];
  return rows.map((r) => ({
    name: r.name,
    prompt: r.prompt,
    category: r.category,
    isTag: r.tagId !== null,
    pendingSuggestions: r.pendingSuggestions,
  }));
}
