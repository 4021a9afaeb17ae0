/** The settings table: typed key/value pairs stored as JSON. */
import type { Db } from './db.js';

/**
 * Reads a setting, or `fallback` when it is unset or its stored JSON cannot be parsed. The caller's type is
 * trusted for valid JSON: validate where a wrong shape would matter.
 */
export function getSetting<T>(db: Db, key: string, fallback: T): T {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (!row) return fallback;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return fallback;
  }
}

/** Stores a setting as JSON (`undefined` removes it). */
export function setSetting(db: Db, key: string, value: unknown): void {
  if (value === undefined) {
    db.prepare('DELETE FROM settings WHERE key = ?').run(key);
    return;
  }
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  );
}
