/** Test helper: a real core over a temp library and temp models folder, recording every event it emits. */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventChannel } from '../../preload/contract.js';
import { createCore, type Core } from '../../main/core/core.js';
import { createEventHub } from '../../main/core/events.js';
import { resolvePaths, type CorePaths } from '../../main/core/paths.js';
import type { Logger } from '../../main/core/ports.js';

/** A core for one test, with its folders, the events it emitted and the log lines it wrote. */
export interface TestCore {
  core: Core;
  paths: CorePaths;
  root: string;
  events: { event: EventChannel; payload: unknown }[];
  logs: { level: string; message: string; data?: Record<string, unknown> }[];
  subscribe: ReturnType<typeof createEventHub>['subscribe'];
  /** Copies a folder (e.g. the fixture photos) into the test's temp space and returns the copy's path. */
  copyIn(from: string, name: string): Promise<string>;
  /** Closes this core and opens a new one over the same library (a restart). */
  reopen(opts?: { watch?: boolean }): Promise<Core>;
  cleanup(): Promise<void>;
}

/**
 * Builds a core over fresh temp folders; `watch` starts folder watchers. Precision is pinned to fp32 unless
 * `precision: 'auto'` is asked for, so only the tests about int8 wait for the int8 towers to be made.
 */
export async function tempCore(opts: { watch?: boolean; precision?: 'auto' | 'fp32' | 'int8' } = {}): Promise<TestCore> {
  const root = await mkdtemp(join(tmpdir(), 'shoebox-core-'));
  const paths = resolvePaths({ libraryDir: join(root, 'library'), env: { SHOEBOX_MODELS: join(root, 'models') } });
  const hub = createEventHub();
  const events: TestCore['events'] = [];
  hub.subscribe((event, payload) => events.push({ event, payload }));
  const logs: TestCore['logs'] = [];
  const log: Logger = {
    info: (message, data) => logs.push({ level: 'info', message, data }),
    warn: (message, data) => logs.push({ level: 'warn', message, data }),
    error: (message, data) => logs.push({ level: 'error', message, data }),
  };
  const open = async (watch = opts.watch ?? false) => {
    const core = await createCore({ paths, log, emit: hub.emit, watch, int8MinElements: 0 });
    const r = await core.api.updateSettings({ precision: opts.precision ?? 'fp32' });
    if (!r.ok) throw new Error(r.error.message);
    return core;
  };
  const t: TestCore = {
    core: await open(),
    paths,
    root,
    events,
    logs,
    subscribe: hub.subscribe,
    async copyIn(from, name) {
      const to = join(root, name);
      await cp(from, to, { recursive: true });
      return to;
    },
    async reopen(o = {}) {
      await t.core.close();
      t.core = await open(o.watch);
      return t.core;
    },
    async cleanup() {
      await t.core.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  return t;
}

/** Unwraps an API Result in a test, failing loudly with the error message. */
export function must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(`API error: ${r.error.message}`);
  return r.value;
}
