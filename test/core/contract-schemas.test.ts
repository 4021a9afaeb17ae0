// One truth at the boundary: the compiler refuses a zod schema that drifts from the contract's argument types.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

describe('schemas and contract', () => {
  let dir: string;
  let source: string;

  beforeAll(async () => {
    // Inside main/core so the copy's relative imports resolve exactly like validate.ts's.
    dir = await mkdtemp(join(ROOT, 'main', 'core', '.contract-check-'));
    source = await readFile(join(ROOT, 'main', 'core', 'validate.ts'), 'utf8');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Type-checks `text` as main/core/validate.ts would be; resolves with tsc's output and whether it passed. */
  const typecheck = async (text: string): Promise<{ ok: boolean; output: string }> => {
    const file = join(dir, 'validate.ts');
    // One folder deeper than validate.ts: every relative import climbs one more level.
    await writeFile(file, text.replaceAll("from '../", "from '../../").replaceAll("from './", "from '../"));
    const config = join(dir, 'tsconfig.json');
    await writeFile(config, JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: [], files: [file] }));
    try {
      const { stdout } = await run(process.execPath, [TSC, '-p', config], { cwd: ROOT });
      return { ok: true, output: stdout };
    } catch (err) {
      return { ok: false, output: String((err as { stdout?: string }).stdout) };
    }
  };

  it('type-checks as it is', async () => {
    expect(await typecheck(source)).toEqual({ ok: true, output: '' });
  }, 120_000);

  it('fails the type check, naming the channel, when a schema is deliberately wrong', async () => {
    const wrong = source.replace('removeFolder: z.tuple([id]),', 'removeFolder: z.tuple([path]),');
    expect(wrong).not.toBe(source);
    const result = await typecheck(wrong);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/disagree: "removeFolder"/);
  }, 120_000);
});
