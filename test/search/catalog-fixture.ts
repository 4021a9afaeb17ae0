/** Test helper: a real SQLite catalog in a temp dir with photos and known embedding vectors, plus table dumps. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';
import { saveEmbedding } from '../../main/core/catalog/embeddings.js';

export const MODEL = 'test-model';
export const DIM = 16;
export const COLOURS = ['red', 'green', 'blue', 'yellow', 'purple', 'white'] as const;
export type TestColour = (typeof COLOURS)[number];

/** A deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function unit(v: number[]): Float32Array {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
}

/** The vector of a photo of `colour`: its axis plus a little noise. */
export function colourVector(colour: TestColour, rand: () => number): Float32Array {
  const i = COLOURS.indexOf(colour);
  return unit(Array.from({ length: DIM }, (_, j) => (j === i ? 1 : 0) + (rand() - 0.5) * 0.3));
}

/** A text tower stand-in: each colour word adds its axis; every text also shares a common "caption" direction. */
export function fakeEmbedText(calls: string[][] = []): (texts: string[]) => Promise<Float32Array[]> {
  return async (texts) => {
    calls.push(texts);
    return texts.map((t) => {
      const v: number[] = Array.from({ length: DIM }, (_, j) => (j === DIM - 1 ? 0.5 : 0));
      for (const [i, c] of COLOURS.entries()) if (t.toLowerCase().includes(c)) v[i] = 1;
      return unit(v);
    });
  };
}

export interface TestPhoto {
  colour: TestColour;
  takenAt?: number | null;
  camera?: [string, string];
  gps?: boolean;
  format?: string;
  sub?: string;
}

export interface TestCatalog {
  db: Db;
  dir: string;
  folderId: number;
  addPhoto(p: TestPhoto, rand?: () => number): number;
  close(): void;
}

/** Opens a fresh catalog with one library folder `<dir>/lib`. */
export function makeCatalog(): TestCatalog {
  const dir = mkdtempSync(join(tmpdir(), 'shoebox-search-'));
  const db = openCatalog(join(dir, 'catalog.db'));
  const now = Date.now();
  const folderId = Number(db.prepare('INSERT INTO folders (path, added_at) VALUES (?, ?)').run(join(dir, 'lib'), now).lastInsertRowid);
  let n = 0;
  const defaultRand = prng(7);
  return {
    db,
    dir,
    folderId,
    addPhoto(p, rand = defaultRand) {
      n++;
      const ext = p.format === 'png' ? 'png' : 'jpg';
      const path = join(dir, 'lib', p.sub ?? '', `IMG_${n}.${ext}`);
      const id = Number(
        db
          .prepare(
            `INSERT INTO photos (folder_id, path, size, mtime_ms, format, taken_at, camera_make, camera_model, gps_lat, gps_lon, added_at, updated_at)
             VALUES (?, ?, 100, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            folderId,
            path,
            1000 + n,
            p.format ?? 'jpeg',
            p.takenAt ?? null,
            p.camera?.[0] ?? null,
            p.camera?.[1] ?? null,
            p.gps ? 48.1 : null,
            p.gps ? 11.5 : null,
            now,
            now,
          ).lastInsertRowid,
      );
      saveEmbedding(db, id, MODEL, colourVector(p.colour, rand), 'hash');
      return id;
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of the tables a search or a tag operation could touch, in a stable order. */
export function dumpTables(db: Db, tables = ['photos', 'tags', 'photo_tags', 'suggestions', 'embeddings', 'undo_log', 'settings']): string {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
  return JSON.stringify(out, (_, v) => (v instanceof Buffer || (v && v.type === 'Buffer') ? Buffer.from(v).toString('base64') : v));
}
