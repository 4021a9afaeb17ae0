/** Child-process entry: runs one benchmark in a fresh process (clean memory figures, no cross-talk) and posts its section. */
import type { BenchContext, BenchFn, Section } from './types.js';

/** Parent → child: which benchmark to run with which context. */
export interface ChildRequest {
  bench: string;
  ctx: BenchContext;
}

/** Child → parent: the section, or why the benchmark failed. */
export type ChildReply = { ok: true; section: Section } | { ok: false; error: string };

process.once('message', (m: ChildRequest) => {
  const started = Date.now();
  void import(`./bench-${m.bench}.js`)
    .then((mod: { run: BenchFn }) => mod.run(m.ctx))
    .then(
      (section) => ({ ok: true as const, section: { ...section, seconds: (Date.now() - started) / 1000 } }),
      (err: unknown) => ({ ok: false as const, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    )
    .then((reply: ChildReply) => process.send?.(reply, () => process.exit(0)));
});
