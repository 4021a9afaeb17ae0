/** Worker-thread entry: runs suggestion passes on its own catalog connection, off the API's event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog } from '../catalog/db.js';
import type { ModelFolder } from '../ml/model-folder.js';
import type { ProviderSetting } from '../ml/session.js';
import { TextTower } from '../ml/text-tower.js';
import { runPass, type BackgroundCache, type PassPlan } from './suggest-pass.js';
import type { FromSuggestThread, ToSuggestThread } from './suggest-thread.js';

const port = parentPort!;
const { catalogFile, nativeBinding, threads } = workerData as { catalogFile: string; nativeBinding?: string; threads: number };
const db = openCatalog(catalogFile, { nativeBinding });
const post = (m: FromSuggestThread): void => port.postMessage(m);

let paused = false;
let stop = false;
let resume: (() => void) | null = null;
let queue: Promise<void> = Promise.resolve();
const backgrounds: { last: BackgroundCache | null } = { last: null };

/** The text tower opened for a model's prompts; closed when a pass starts, as prompts come before passes. */
let tower: { key: string; tower: Promise<TextTower> } | null = null;

async function releaseTower(): Promise<void> {
  const t = tower;
  tower = null;
  await t?.tower.then((x) => x.release()).catch(() => undefined);
}

function embed(id: number, folder: ModelFolder, provider: ProviderSetting, texts: string[]): void {
  queue = queue.then(async () => {
    try {
      const key = `${folder.textPath}|${provider}`;
      if (tower?.key !== key) {
        await releaseTower();
        tower = { key, tower: TextTower.open(folder, { provider }) };
      }
      const vectors = await (await tower.tower).embed(texts);
      port.postMessage(
        { type: 'embedded', id, vectors } satisfies FromSuggestThread,
        vectors.map((v) => v.buffer as ArrayBuffer),
      );
    } catch (err) {
      await releaseTower();
      post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
    }
  });
}

function run(id: number, plan: PassPlan): void {
  stop = false;
  queue = queue.then(async () => {
    await releaseTower();
    try {
      const result = await runPass(
        db,
        plan,
        {
          onProgress: (done, total) => post({ type: 'progress', id, done, total }),
          waitIfPaused: () => (paused ? new Promise<void>((r) => (resume = r)) : new Promise<void>((r) => setImmediate(r))),
          stopped: () => stop,
        },
        threads,
        backgrounds,
      );
      post({ type: 'done', id, ...result });
    } catch (err) {
      post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
    }
  });
}

port.on('message', (m: ToSuggestThread) => {
  if (m.type === 'run') run(m.id, m.plan);
  else if (m.type === 'embed') embed(m.id, m.folder, m.provider, m.texts);
  else if (m.type === 'pause') paused = true;
  else if (m.type === 'resume') {
    paused = false;
    resume?.();
    resume = null;
  } else if (m.type === 'stop') {
    stop = true;
    paused = false;
    resume?.();
  } else if (m.type === 'close') {
    stop = true;
    resume?.();
    void queue.finally(async () => {
      await releaseTower();
      db.close();
      port.close();
    });
  }
});
post({ type: 'ready' });
