/** Versioned schema migrations for the catalog; applied in order at open, each in its own transaction. */

/** One schema step: `version` is stored in `PRAGMA user_version` once `sql` has run. */
export interface Migration {
  version: number;
  sql: string;
}

/**
 * [Note: Catalog schema]
 * - photos: one row per file path. A vanished file is `presence = 'missing'`, never deleted; only the person purges.
 * - embeddings: per (photo, model) so a model switch re-embeds while the old vectors still serve search.
 *   `source_hash` is the content hash the vector was computed from: a changed file re-embeds, a moved one does not.
 * - jobs: the persistent work queue (index a photo for a model). `running` rows left by a crash are requeued at open.
 * - photo_tags: a person's tags (sacred). suggestions: zero-shot proposals with score and review status.
 * - undo_log: the last bulk tag operations, as JSON describing how to reverse them.
 * - sidecar_outbox: photos whose XMP sidecar must be rewritten. Triggers on photo_tags and tag renames fill it in
 *   the same transaction as the tag change, so a crash never loses a pending write; `seq` grows with every change,
 *   so a drain only deletes the row it wrote.
 */
export const migrations: Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE folders (
  id            INTEGER PRIMARY KEY,
  path          TEXT NOT NULL UNIQUE,
  device_id     TEXT,
  status        TEXT NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'offline')),
  status_reason TEXT,
  watch_mode    TEXT NOT NULL DEFAULT 'events' CHECK (watch_mode IN ('events', 'polling', 'rescan')),
  watch_reason  TEXT,
  added_at      INTEGER NOT NULL,
  last_scan_at  INTEGER
);

CREATE TABLE photos (
  id            INTEGER PRIMARY KEY,
  folder_id     INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
  path          TEXT NOT NULL UNIQUE,
  size          INTEGER NOT NULL,
  mtime_ms      INTEGER NOT NULL,
  content_hash  TEXT,
  format        TEXT,
  width         INTEGER,
  height        INTEGER,
  taken_at      INTEGER,
  camera_make   TEXT,
  camera_model  TEXT,
  gps_lat       REAL,
  gps_lon       REAL,
  presence      TEXT NOT NULL DEFAULT 'present' CHECK (presence IN ('present', 'missing')),
  missing_since INTEGER,
  error         TEXT,
  thumb_path    TEXT,
  added_at      INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX photos_folder ON photos(folder_id);
CREATE INDEX photos_hash ON photos(content_hash);
CREATE INDEX photos_taken ON photos(taken_at);

CREATE TABLE skipped_files (
  path      TEXT PRIMARY KEY,
  folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
  reason    TEXT NOT NULL
);

CREATE TABLE embeddings (
  photo_id    INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  model_id    TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('done', 'error')),
  vector      BLOB,
  source_hash TEXT,
  error       TEXT,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (photo_id, model_id)
);
CREATE INDEX embeddings_model ON embeddings(model_id, status);

CREATE TABLE jobs (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  photo_id   INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  model_id   TEXT NOT NULL,
  state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running')),
  attempts   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (kind, photo_id, model_id)
);
CREATE INDEX jobs_state ON jobs(state, id);

CREATE TABLE tags (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  category   TEXT,
  prompt     TEXT,
  threshold  REAL,
  created_at INTEGER NOT NULL
);

CREATE TABLE photo_tags (
  photo_id   INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  source     TEXT NOT NULL CHECK (source IN ('manual', 'suggestion', 'imported')),
  score      REAL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (photo_id, tag_id)
);
CREATE INDEX photo_tags_tag ON photo_tags(tag_id);

CREATE TABLE suggestions (
  photo_id   INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  model_id   TEXT NOT NULL,
  score      REAL NOT NULL,
  status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (photo_id, tag_id)
);
CREATE INDEX suggestions_tag ON suggestions(tag_id, status);

CREATE TABLE undo_log (
  id         INTEGER PRIMARY KEY,
  label      TEXT NOT NULL,
  ops        TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  },
  {
    // Library reconcile looks up move candidates by content hash, or size + mtime for rows never hashed; the grid pages newest-first by date-or-mtime.
    version: 2,
    sql: `
CREATE INDEX photos_size ON photos(size, mtime_ms);
CREATE INDEX photos_newest ON photos(COALESCE(taken_at, mtime_ms) DESC, id DESC);
CREATE INDEX skipped_files_folder ON skipped_files(folder_id);
`,
  },
  {
    // Folder health checks and folder lists count present/missing photos per folder on every scan and refresh.
    version: 3,
    sql: `
CREATE INDEX photos_folder_presence ON photos(folder_id, presence);
`,
  },
  {
    // Photos are read (thumbnail + metadata) with or without a model: read_at marks it. A removed folder is kept,
    // hidden, with its photos and their tags, so removing can be undone and tags come back with the folder. A job
    // counts the times the indexing process died while running it, so a photo that crashes it is set aside.
    version: 4,
    sql: `
ALTER TABLE photos ADD COLUMN read_at INTEGER;
UPDATE photos SET read_at = updated_at WHERE thumb_path IS NOT NULL;
ALTER TABLE folders ADD COLUMN removed_at INTEGER;
ALTER TABLE jobs ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    // Sidecar writes are driven from a durable outbox filled by triggers, in the same transaction as the tag change.
    version: 5,
    sql: `
CREATE TABLE sidecar_outbox (
  photo_id INTEGER PRIMARY KEY,
  seq      INTEGER NOT NULL
);
CREATE TRIGGER sidecar_outbox_tag_added AFTER INSERT ON photo_tags BEGIN
  INSERT INTO sidecar_outbox (photo_id, seq) VALUES (NEW.photo_id, 1) ON CONFLICT(photo_id) DO UPDATE SET seq = seq + 1;
END;
CREATE TRIGGER sidecar_outbox_tag_removed AFTER DELETE ON photo_tags BEGIN
  INSERT INTO sidecar_outbox (photo_id, seq) VALUES (OLD.photo_id, 1) ON CONFLICT(photo_id) DO UPDATE SET seq = seq + 1;
END;
CREATE TRIGGER sidecar_outbox_tag_renamed AFTER UPDATE OF name ON tags WHEN OLD.name IS NOT NEW.name BEGIN
  INSERT INTO sidecar_outbox (photo_id, seq) SELECT photo_id, 1 FROM photo_tags WHERE tag_id = NEW.id
    ON CONFLICT(photo_id) DO UPDATE SET seq = seq + 1;
END;
`,
  },
  {
    // Skipped files that could not be read (devices, pipes, undecodable names, overlong paths, unreadable folders) are
    // listed with their reason in status; ordinary non-photos (videos, sidecars) are only counted.
    version: 6,
    sql: `
ALTER TABLE skipped_files ADD COLUMN unreadable INTEGER NOT NULL DEFAULT 0;
`,
  },
  {
    // [Note: Vocabulary apart from tags] Vocabulary concepts live in `concepts`; a concept becomes a tags row only when
    // a suggestion of it is accepted or the person creates the tag. `concept_suggestions` holds proposals of concepts
    // that are not tags yet; `suggestion_marks` records what each photo was last scored with (resumable job).
    // Tags that suggesting created but nobody ever used move back into the vocabulary, with their open proposals.
    version: 7,
    sql: `
CREATE TABLE concepts (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  prompt   TEXT NOT NULL,
  category TEXT
);

CREATE TABLE concept_suggestions (
  photo_id   INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  concept_id INTEGER NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
  model_id   TEXT NOT NULL,
  score      REAL NOT NULL,
  status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'rejected')),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (photo_id, concept_id)
);
CREATE INDEX concept_suggestions_concept ON concept_suggestions(concept_id, status);

CREATE TABLE suggestion_marks (
  photo_id    INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
  scored_with TEXT NOT NULL,
  scored_at   INTEGER NOT NULL
);
CREATE INDEX suggestions_photo ON suggestions(photo_id, status);

INSERT INTO concepts (name, prompt, category)
  SELECT name, prompt, category FROM tags t
  WHERE prompt IS NOT NULL AND NOT EXISTS (SELECT 1 FROM photo_tags pt WHERE pt.tag_id = t.id);
INSERT INTO concept_suggestions (photo_id, concept_id, model_id, score, status, updated_at)
  SELECT s.photo_id, c.id, s.model_id, s.score, s.status, s.updated_at
  FROM suggestions s JOIN tags t ON t.id = s.tag_id JOIN concepts c ON c.name = t.name
  WHERE s.status IN ('pending', 'rejected');
DELETE FROM tags WHERE name IN (SELECT name FROM concepts);
`,
  },
  {
    // [Note: Counts that stay fast at 100k photos] The status bar, progress and the grid count and page on the API's
    // thread, so each must read indexes, never table rows: embedding rows carry ~3 KB vectors (one row per page), so a
    // count over them must be index-only; failures and missing photos are rare and get partial indexes; the grid walks
    // present photos newest-first in one index that also holds the folder (bench-library.ts measures each).
    version: 13,
    sql: `
DROP INDEX embeddings_model;
CREATE INDEX embeddings_model ON embeddings(model_id, status, photo_id);
CREATE INDEX embeddings_failed ON embeddings(model_id, photo_id) WHERE status = 'error';
CREATE INDEX photos_failed ON photos(id) WHERE error IS NOT NULL;
CREATE INDEX photos_missing ON photos(id) WHERE presence = 'missing';
CREATE INDEX photos_unread ON photos(id) WHERE read_at IS NULL;
CREATE INDEX photos_present_newest ON photos(presence, COALESCE(taken_at, mtime_ms) DESC, id DESC, folder_id);
CREATE INDEX jobs_model ON jobs(model_id, photo_id);
CREATE INDEX photos_camera ON photos(camera_make, camera_model) WHERE presence = 'present';
`,
  },
  {
    // [Note: Folder tree and sort orders] Each photo's directory (its path up to the last separator, kept) and file
    // name are virtual columns, computed by SQLite from `path` (nothing stored twice in the rows). The folder tree
    // counts present photos per directory from `photos_dir` alone; a folder's page walks the same index in date order;
    // the library's other sort orders each walk their own index, so no page sorts the whole library. Each index ends
    // with the folder so that "in a folder the person still has" is checked without reading rows (bench-library.ts).
    version: 16,
    sql: `
ALTER TABLE photos ADD COLUMN dir_path TEXT GENERATED ALWAYS AS (rtrim(path, replace(replace(path, '/', ''), '\\', ''))) VIRTUAL;
ALTER TABLE photos ADD COLUMN file_name TEXT
  GENERATED ALWAYS AS (substr(path, length(rtrim(path, replace(replace(path, '/', ''), '\\', ''))) + 1)) VIRTUAL;
CREATE INDEX photos_dir ON photos(dir_path, COALESCE(taken_at, mtime_ms) DESC, id DESC, folder_id) WHERE presence = 'present';
CREATE INDEX photos_present_added ON photos(presence, added_at DESC, id DESC, folder_id);
CREATE INDEX photos_present_name ON photos(presence, file_name COLLATE NOCASE, id, folder_id);
CREATE INDEX photos_present_size ON photos(presence, size DESC, id DESC, folder_id);
`,
  },
  {
    // A photo's rotation as the person set it in the viewer, clockwise on top of its EXIF orientation: the original
    // file is never changed; thumbnails and the viewer turn the picture when they show it.
    version: 17,
    sql: `ALTER TABLE photos ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0 CHECK (rotation IN (0, 90, 180, 270));`,
  },
  {
    // Duplicates moved to the trash: what undo needs to put each back (the file's place in the trash, its catalog
    // rows as they were) and the tags the kept photo gained from them.
    version: 18,
    sql: `
CREATE TABLE trash_log (
  id         INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  keep_id    INTEGER,
  record     TEXT NOT NULL
);
`,
  },
  {
    // Albums: manual ones hold photos; smart ones hold a saved search (description, filters, sort as JSON) that is
    // run again, with whichever model serves, each time the album is opened.
    version: 19,
    sql: `
CREATE TABLE albums (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
  search         TEXT,
  cover_photo_id INTEGER REFERENCES photos(id) ON DELETE SET NULL,
  created_at     INTEGER NOT NULL
);
CREATE TABLE album_photos (
  album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
  photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (album_id, photo_id)
);
CREATE INDEX album_photos_photo ON album_photos(photo_id);
`,
  },
  {
    // A turned photo's sidecar gets the new orientation: the same durable outbox as tag changes.
    version: 20,
    sql: `
CREATE TRIGGER sidecar_outbox_rotated AFTER UPDATE OF rotation ON photos WHEN OLD.rotation IS NOT NEW.rotation BEGIN
  INSERT INTO sidecar_outbox (photo_id, seq) VALUES (NEW.id, 1) ON CONFLICT(photo_id) DO UPDATE SET seq = seq + 1;
END;
`,
  },
  {
    // A file on its way to the trash during a resolve, until the catalog transaction that forgets its photo commits
    // (it deletes the row): a row whose process is gone names a file to put back from the trash at the next start.
    version: 21,
    sql: `
CREATE TABLE trash_pending (
  id         INTEGER PRIMARY KEY,
  original   TEXT NOT NULL,
  trash_dir  TEXT NOT NULL,
  pid        INTEGER NOT NULL,
  started_at INTEGER NOT NULL
);
`,
  },
];
