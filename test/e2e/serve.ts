/** E2E helper: a temp library with the fixture model registered, and `shoebox serve` running on it. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = ['tsx', 'main/cli.ts'];

/** A running browser-mode server over a fresh library. */
export interface ServedLibrary {
  url: string;
  library: string;
  close(): Promise<void>;
}

/** Runs one CLI command with `--json` and parses its output. */
async function cliJson<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const { stdout } = await run('npx', [...cli, ...args, '--json'], { env, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as T;
}

/** Imports and activates `modelDir` (none when null), then starts `shoebox serve --port 0` and waits for its URL line. */
export async function serveLibrary(modelDir: string | null, extraEnv: NodeJS.ProcessEnv = {}): Promise<ServedLibrary> {
  const root = await mkdtemp(join(tmpdir(), 'shoebox-e2e-'));
  const library = join(root, 'library');
  const env = { ...process.env, SHOEBOX_MODELS: join(root, 'models'), ...extraEnv };
  if (modelDir) {
    const model = await cliJson<{ id: string }>(['models', 'import', modelDir, '--library', library], env);
    await cliJson(['models', 'use', model.id, '--library', library], env);
  }

  const child: ChildProcess = spawn('npx', [...cli, 'serve', '--library', library, '--port', '0', '--json'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        // not the URL line
      }
    });
    child.once('exit', (code) => reject(new Error(`shoebox serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    library,
    close: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once('exit', r));
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
      // The server may still be writing its closing snapshot for a moment after its process group exited.
      await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}
