/** Test helper: a real library (core, catalog, snapshots) over a folder of real JPEGs, with tags, and the CLI to run on it. */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { createCore, type Core } from '../../main/core/core.js';
import { createEventHub } from '../../main/core/events.js';
import { resolvePaths, type CorePaths } from '../../main/core/paths.js';
import { silentLogger } from '../../main/core/ports.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/shoebox.mjs', import.meta.url));

/** Writes `count` small real JPEGs named `<prefix><n>.jpg` (distinct colours, so distinct content) into `dir`. */
export async function writeJpegs(dir: string, count: number, prefix = 'IMG_'): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (let n = 0; n < count; n++) {
    const file = join(dir, `${prefix}${n}.jpg`);
    const background = { r: (n * 37) % 256, g: (n * 91) % 256, b: (n * 53) % 256 };
    await sharp({ create: { width: 32, height: 24, channels: 3, background } })
      .jpeg()
      .toFile(file);
    files.push(file);
  }
  return files;
}

/** The paths of a library folder under `root`. */
export function libraryPaths(libraryDir: string, root: string): CorePaths {
  return resolvePaths({ libraryDir, env: { SHOEBOX_MODELS: join(root, 'models') } });
}

/** Opens a real core over `paths` (no model, no watching). */
export function openTestCore(paths: CorePaths): Promise<Core> {
  return createCore({ paths, log: silentLogger, emit: createEventHub().emit });
}

/** Adds `folder` to the core's library and waits for the scan. */
export async function addFolder(core: Core, folder: string): Promise<void> {
  const r = await core.api.addFolder(folder);
  if (!r.ok) throw new Error(r.error.message);
  await core.idle();
}

/** Runs the real `shoebox` CLI; resolves with its exit code and output (never rejects on a non-zero exit). */
export async function shoebox(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
