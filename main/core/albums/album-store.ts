/** Albums in the catalog: manual ones with their photos, smart ones with a saved search. */
import type { AlbumSummary, SavedSearch } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';

interface AlbumRow {
  id: number;
  name: string;
  search: string | null;
  coverPhotoId: number | null;
  photoCount: number;
}

const SELECT = `SELECT a.id, a.name, a.search, a.cover_photo_id AS coverPhotoId,
  (SELECT COUNT(*) FROM album_photos ap JOIN photos p ON p.id = ap.photo_id WHERE ap.album_id = a.id AND p.presence = 'present') AS photoCount
  FROM albums a`;

function summary(row: AlbumRow): AlbumSummary {
  const search = row.search === null ? null : (JSON.parse(row.search) as SavedSearch);
  return {
    id: row.id,
    name: row.name,
    kind: search ? 'smart' : 'manual',
    photoCount: search ? null : row.photoCount,
    coverPhotoId: row.coverPhotoId,
    search,
  };
}

/** Every album, by name. */
export function listAlbums(db: Db): AlbumSummary[] {
  return (db.prepare(`${SELECT} ORDER BY a.name COLLATE NOCASE`).all() as AlbumRow[]).map(summary);
}

/** One album, or null. */
export function getAlbum(db: Db, id: number): AlbumSummary | null {
  const row = db.prepare(`${SELECT} WHERE a.id = ?`).get(id) as AlbumRow | undefined;
  return row ? summary(row) : null;
}

/** The album called `name` (any case), or null. */
export function albumByName(db: Db, name: string): AlbumSummary | null {
  const row = db.prepare(`${SELECT} WHERE a.name = ?`).get(name.trim()) as AlbumRow | undefined;
  return row ? summary(row) : null;
}

/** Makes an album; null when the name is taken. */
export function insertAlbum(db: Db, name: string, search: SavedSearch | null, photoIds: readonly number[]): AlbumSummary | null {
  return db
    .transaction(() => {
      if (albumByName(db, name)) return null;
      const id = Number(
        db
          .prepare(`INSERT INTO albums (name, search, created_at) VALUES (?, ?, ?)`)
          .run(name.trim(), search ? JSON.stringify(search) : null, Date.now()).lastInsertRowid,
      );
      addPhotos(db, id, photoIds);
      return getAlbum(db, id);
    })
    .immediate();
}

/** Adds photos that exist and are not in the album yet; returns how many were added. */
export function addPhotos(db: Db, albumId: number, photoIds: readonly number[]): number {
  return db
    .prepare(
      `INSERT OR IGNORE INTO album_photos (album_id, photo_id, added_at)
       SELECT ?, p.id, ? FROM photos p WHERE p.id IN (SELECT value FROM json_each(?))`,
    )
    .run(albumId, Date.now(), JSON.stringify(photoIds)).changes;
}

/** Takes photos out of an album (never out of the library). */
export function removePhotos(db: Db, albumId: number, photoIds: readonly number[]): number {
  return db
    .prepare(`DELETE FROM album_photos WHERE album_id = ? AND photo_id IN (SELECT value FROM json_each(?))`)
    .run(albumId, JSON.stringify(photoIds)).changes;
}

/** The photo ids of a manual album, oldest added first. */
export function albumPhotoIds(db: Db, albumId: number): number[] {
  return db.prepare(`SELECT photo_id FROM album_photos WHERE album_id = ? ORDER BY added_at, photo_id`).pluck().all(albumId) as number[];
}
