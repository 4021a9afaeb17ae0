/** Test helper: a fresh catalog in its own temp folder, removed after the test file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';

/** A real SQLite catalog file in a temp dir; `cleanup` closes it and deletes the dir. */
export function tempCatalog(prefix = 'shoebox-cat-'): { db: Db; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = openCatalog(join(dir, 'catalog.db'));
  return {
    db,
    dir,
    cleanup: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Inserts a tag and attaches it to a photo by plain SQL; returns the tag id. */
export function tagPhoto(db: Db, photoId: number, name: string): number {
  db.prepare('INSERT OR IGNORE INTO tags (name, created_at) VALUES (?, ?)').run(name, Date.now());
  const tagId = (db.prepare('SELECT id FROM tags WHERE name = ?').get(name) as { id: number }).id;
  db.prepare(`INSERT OR IGNORE INTO photo_tags (photo_id, tag_id, source, created_at) VALUES (?, ?, 'manual', ?)`).run(
    photoId,
    tagId,
    Date.now(),
  );
  return tagId;
}

/** Names of the tags on a photo, sorted. */
export function tagsOf(db: Db, photoId: number): string[] {
  return (
    db.prepare('SELECT t.name FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.photo_id = ? ORDER BY t.name').all(photoId) as {
      name: string;
    }[]
  ).map((r) => r.name);
}
