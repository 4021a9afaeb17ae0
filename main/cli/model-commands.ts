/** CLI: `models list|download|import|use|remove`. */
import { resolve } from 'node:path';
import type { LibraryStatus, ModelInfo } from '../../preload/contract.js';
import type { CliCore } from './open-core.js';
import { formatBytes, formatEta } from '../core/units.js';
import { CliExit, print, unwrap } from './output.js';

function modelLine(m: ModelInfo): string {
  const flags = [
    m.active ? 'active' : '',
    m.installed ? `installed (${m.installedVariant ?? 'default'})` : '',
    m.recommended ? 'recommended' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${m.id.padEnd(28)} ${m.name} · ${m.languages} · ${m.diskBytes === null ? '?' : formatBytes(m.diskBytes)} · ${m.gflops ?? '?'} GFLOPs · IN-1k ${m.imagenetZeroShot ?? '?'}%${flags ? `  [${flags}]` : ''}`;
}

/** What `models use` sets in motion, and how to run it: the library must be re-embedded before search moves over. */
function switchPlan(m: ModelInfo, s: LibraryStatus): string {
  if (!s.switching) return `Search answers with ${m.name}.`;
  const left = s.switching.total - s.switching.done;
  const serving = s.serving?.name ?? 'the previous model';
  return [
    `${left} of ${s.switching.total} photos need embedding with ${m.name}; until then search keeps answering with ${serving}.`,
    'Run `shoebox index` (or keep `shoebox watch` or the app running) to embed them now; search moves over by itself when they are done.',
  ].join('\n');
}

/** Runs one `models` subcommand. */
export async function modelsCommand(
  { core, hub }: CliCore,
  sub: string | undefined,
  rest: string[],
  flags: { json: boolean; variant?: string; force?: boolean },
): Promise<void> {
  const api = core.api;
  const [arg] = rest;
  switch (sub) {
    case 'list':
      return print(unwrap(await api.listModels()), flags.json, (ms) => ms.map(modelLine).join('\n'));
    case 'download': {
      if (!arg) throw new CliExit('shoebox: models download <id> [--variant V]', 2);
      const off = hub.subscribe((event, p) => {
        if (event !== 'downloadProgress' || !process.stderr.isTTY) return;
        const d = p as { bytes: number; totalBytes: number; rate: number; etaSeconds: number | null };
        process.stderr.write(
          `\r${formatBytes(d.bytes)} / ${formatBytes(d.totalBytes)} · ${formatBytes(d.rate)}/s${d.etaSeconds === null ? '' : ` · ${formatEta(d.etaSeconds)}`}\x1b[K`,
        );
      });
      const result = await api.downloadModel({ id: arg, variant: flags.variant });
      off();
      if (process.stderr.isTTY) process.stderr.write('\n');
      return print(unwrap(result), flags.json, modelLine);
    }
    case 'import':
      if (!arg) throw new CliExit('shoebox: models import <dir>', 2);
      return print(unwrap(await api.importModel(resolve(arg))), flags.json, modelLine);
    case 'use': {
      if (!arg) throw new CliExit('shoebox: models use <id>', 2);
      const model = unwrap(await api.useModel(arg));
      const status = unwrap(await api.status());
      return print(model, flags.json, (m) => `${modelLine(m)}\n${switchPlan(m, status)}`);
    }
    case 'remove': {
      if (!arg) throw new CliExit('shoebox: models remove <id> [--force]', 2);
      const removal = await api.removeModel(arg, { force: flags.force });
      if (!removal.ok && removal.error.code === 'conflict')
        throw new CliExit(`shoebox: ${removal.error.message} Add --force to remove it anyway.`, 1);
      const r = unwrap(removal);
      const after = r.servingAfter
        ? `Search now answers with ${r.servingAfter}.`
        : 'No model answers searches now: search by description waits for a model.';
      return print(r, flags.json, () => (r.removed ? `Removed ${arg}. ${after}` : `${arg} was not installed`));
    }
    default:
      throw new CliExit('shoebox: models list|download|import|use|remove', 2);
  }
}
