/** SIGKILL a real child in the middle of a bulk apply and right after an undo commits: the next start brings every sidecar in line. */
import { execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../main/core/catalog/db.js';
import { ensureTag } from '../../main/core/tags/tag-store.js';
import { sidecarTarget } from '../../main/core/tags/xmp.js';
import { addFolder, libraryPaths, openTestCore, writeJpegs } from '../catalog/library-fixture.js';
import type { CorePaths } from '../../main/core/paths.js';

const CHILD = fileURLToPath(new URL('./sidecar-child.ts', import.meta.url));
const PHOTOS = 300;

let root: string;
let photosDir: string;
let paths: CorePaths;

type Exif = Record<string, unknown> & { SourceFile: string };
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => `${x as string}`) : v === undefined ? [] : [`${v as string}`]);

/** Every sidecar in the photo folder, read by the real exiftool in one call, by path. */
function readSidecars(): Map<string, Exif> {
  const out = execFileSync('exiftool', ['-q', '-j', '-XMP:all', '-ext', 'xmp', photosDir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return new Map((JSON.parse(out) as Exif[]).map((e) => [e.SourceFile, e]));
}

/** Each present photo's sidecar must hold exactly the union of the tags of the photos sharing it. */
function expectedSidecars(): Map<string, Set<string>> {
  const db = new Database(paths.catalogFile, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT p.path, t.name FROM photos p LEFT JOIN photo_tags pt ON pt.photo_id = p.id LEFT JOIN tags t ON t.id = pt.tag_id WHERE p.presence = 'present'`,
      )
      .all() as { path: string; name: string | null }[];
    const want = new Map<string, Set<string>>();
    for (const r of rows) {
      const target = sidecarTarget(r.path);
      const set = want.get(target) ?? new Set<string>();
      if (r.name) set.add(r.name);
      want.set(target, set);
    }
    return want;
  } finally {
    db.close();
  }
}

function outboxSize(): number {
  const db = new Database(paths.catalogFile, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM sidecar_outbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Runs the child and SIGKILLs it once `when` says so (checked on each line it prints and every 10 ms after COMMITTED). */
async function killDuring(op: string, when: () => Promise<boolean>): Promise<{ outboxAtKill: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, paths.libraryDir, op, 'Animals/Dog'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let committed = false;
  let done = false;
  child.stdout.on('data', (b: Buffer) => {
    committed ||= b.toString().includes('COMMITTED');
    done ||= b.toString().includes('DONE');
  });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  while (!committed) {
    if (child.exitCode !== null) throw new Error(`child exited before committing (${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 2));
  }
  while (!(await when())) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  await exited;
  expect(done).toBe(false);
  expect(child.signalCode).toBe('SIGKILL');
  return { outboxAtKill: outboxSize() };
}

async function restart(): Promise<void> {
  const core = await openTestCore(paths);
  await core.close();
}

function checkEverySidecar(): Map<string, Exif> {
  const got = readSidecars();
  const want = expectedSidecars();
  for (const [file, tags] of want) {
    if (tags.size === 0 && !got.has(file)) continue;
    const e = got.get(file);
    expect(e, `${file} missing`).toBeDefined();
    expect(list(e!.TagsList).sort(), file).toEqual([...tags].sort());
  }
  return got;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shoebox-sidecar-crash-'));
  photosDir = join(root, 'photos');
  const files = await writeJpegs(photosDir, PHOTOS);
  // A RAW+JPEG pair sharing IMG_PAIR.xmp, and a sidecar another tool wrote with its own keywords and fields.
  await copyFile(files[0]!, join(photosDir, 'IMG_PAIR.JPG'));
  await copyFile(files[1]!, join(photosDir, 'IMG_PAIR.CR2'));
  execFileSync('exiftool', [
    '-q',
    '-XMP-dc:Subject=Film',
    '-XMP-lr:HierarchicalSubject=Process|Film',
    '-XMP-xmp:Rating=4',
    '-XMP-dc:Title=Trip',
    join(photosDir, 'IMG_5.xmp'),
  ]);
  paths = libraryPaths(join(root, 'library'), root);
  const core = await openTestCore(paths);
  expect((await core.api.updateSettings({ writeXmp: true })).ok).toBe(true);
  await addFolder(core, photosDir);
  const id = (name: string) => core.photoIdByPath(join(photosDir, name))!;
  expect((await core.api.addTags({ photoIds: [id('IMG_PAIR.CR2')], names: ['Raw/Only'] })).ok).toBe(true);
  expect((await core.api.addTags({ photoIds: [id('IMG_PAIR.JPG')], names: ['Jpeg/Only'] })).ok).toBe(true);
  await core.close();
  // Suggestions for every photo, as the zero-shot suggester leaves them, ready to bulk-apply.
  const db = openCatalog(paths.catalogFile);
  const tagId = ensureTag(db, 'Animals/Dog', { prompt: 'a photo of a dog' });
  db.prepare(
    `INSERT INTO suggestions (photo_id, tag_id, model_id, score, status, updated_at) SELECT id, ?, 'test', 0.9, 'pending', 0 FROM photos`,
  ).run(tagId);
  db.close();
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('sidecars after a crash', () => {
  it('SIGKILL in the middle of a bulk apply: the next start writes every sidecar, pair and foreign fields kept', async () => {
    const total = PHOTOS + 2;
    const dogs = async () => (await readdir(photosDir)).filter((f) => f.endsWith('.xmp')).length;
    const { outboxAtKill } = await killDuring('apply', async () => (await dogs()) >= 60);
    expect(outboxAtKill).toBeGreaterThan(0);
    // Leftovers of killed writers: a sidecar temp beside the photos and an old thumbnail temp.
    const strayXmp = join(photosDir, 'IMG_7.xmp.shoebox-999999999.tmp');
    await writeFile(strayXmp, 'half');
    const strayThumb = join(paths.thumbsDir, '0', 'x.jpg.0000.tmp');
    await mkdir(join(paths.thumbsDir, '0'), { recursive: true });
    await writeFile(strayThumb, 'half');
    await utimes(strayThumb, new Date(0), new Date(0));

    await restart();
    expect(outboxSize()).toBe(0);
    const got = checkEverySidecar();
    expect(got.size).toBe(total - 1);
    const pair = got.get(join(photosDir, 'IMG_PAIR.xmp'))!;
    expect(list(pair.TagsList).sort()).toEqual(['Animals/Dog', 'Jpeg/Only', 'Raw/Only']);
    const foreign = got.get(join(photosDir, 'IMG_5.xmp'))!;
    expect(list(foreign.Subject).sort()).toEqual(['Dog', 'Film']);
    expect(list(foreign.HierarchicalSubject).sort()).toEqual(['Animals|Dog', 'Process|Film']);
    expect(foreign).toMatchObject({ Rating: 4, Title: 'Trip' });
    expect(existsSync(strayXmp)).toBe(false);
    expect(existsSync(strayThumb)).toBe(false);
  }, 180_000);

  it('undo, then SIGKILL right after the commit: after a restart no sidecar holds the undone tag', async () => {
    const { outboxAtKill } = await killDuring('undo', async () => true);
    expect(outboxAtKill).toBeGreaterThan(0);
    // A new writer's temp file must never be listed as a skipped file.
    await writeFile(join(photosDir, 'IMG_8.xmp.shoebox-999999998.tmp'), 'half');
    await restart();
    const got = checkEverySidecar();
    for (const [file, e] of got) {
      expect(list(e.TagsList), file).not.toContain('Animals/Dog');
      expect(list(e.Subject), file).not.toContain('Dog');
    }
    expect(list(got.get(join(photosDir, 'IMG_5.xmp'))!.Subject)).toEqual(['Film']);
    expect(list(got.get(join(photosDir, 'IMG_PAIR.xmp'))!.TagsList).sort()).toEqual(['Jpeg/Only', 'Raw/Only']);
    const core = await openTestCore(paths);
    const folders = await core.api.listFolders();
    if (!folders.ok) throw new Error(folders.error.message);
    await core.api.rescanFolder(folders.value[0]!.id);
    await core.idle();
    await core.close();
    const db = new Database(paths.catalogFile, { readonly: true });
    const skipped = (db.prepare('SELECT path FROM skipped_files').all() as { path: string }[]).map((r) => basename(r.path));
    db.close();
    expect(skipped.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(skipped).toContain('IMG_5.xmp');
  }, 180_000);
});
