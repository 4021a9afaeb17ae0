/** The held-out world photos (JPEG + EXIF) and their truth, generated once per generator version into .cache/world. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PY = join(ROOT, 'test', 'world', 'py');
/** Debian's python3 with python3-pil: generating photos needs Pillow only, never the training venv. */
const PYTHON = '/usr/bin/python3';

/** Fails in plain words when /usr/bin/python3 cannot import Pillow (a bare Python traceback said less). */
function requirePillow(): void {
  try {
    execFileSync(PYTHON, ['-c', 'import PIL'], { stdio: 'ignore' });
  } catch {
    throw new Error(`Generating the world photos needs Pillow for ${PYTHON}: apt-get install -y python3-pil (.ci/run does).`);
  }
}

/** One held-out photo: its file, the concepts it shows (`red`, `square`, `grass`, `word:stop`, `second:blue` …), captions. */
export interface WorldPhoto {
  file: string;
  concepts: string[];
  captions: Record<'en' | 'de' | 'fr', string[]>;
}

/** A generated held-out set. */
export interface WorldSet {
  dir: string;
  photos: WorldPhoto[];
}

/**
 * The first `count` held-out photos in `.cache/world/heldout-<count>-<hash of the generator>`, generated with
 * /usr/bin/python3 when missing (about 2 ms a photo).
 */
export function worldSet(count: number): WorldSet {
  const hash = createHash('sha256');
  for (const f of ['world.py', 'make_world.py']) hash.update(readFileSync(join(PY, f)));
  const dir = join(ROOT, '.cache', 'world', `heldout-${count}-${hash.digest('hex').slice(0, 12)}`);
  if (!existsSync(join(dir, 'world.json'))) {
    requirePillow();
    const temp = `${dir}.tmp-${process.pid}`;
    rmSync(temp, { recursive: true, force: true });
    execFileSync(PYTHON, [join(PY, 'make_world.py'), '--out', temp, '--count', String(count)], { stdio: 'inherit' });
    try {
      renameSync(temp, dir);
    } catch (err) {
      rmSync(temp, { recursive: true, force: true });
      if (!existsSync(join(dir, 'world.json'))) throw err;
    }
  }
  const { photos } = JSON.parse(readFileSync(join(dir, 'world.json'), 'utf8')) as { photos: WorldPhoto[] };
  return { dir, photos };
}
