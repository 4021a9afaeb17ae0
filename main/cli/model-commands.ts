/** CLI: `models list|download|import|use|remove`. */
import { resolve } from 'node:path';
import type { ModelInfo } from '../../preload/contract.js';
import type { CliCore } from './open-core.js';
import { CliExit, formatDuration, print, unwrap } from './output.js';

const gb = (b: number | null) => (b === null ? '?' : `${(b / 1e9).toFixed(2)} GB`);

function modelLine(m: ModelInfo): string {
  const flags = [m.active ? 'active' : '', m.installed ? `installed (${m.installedVariant ?? 'default'})` : '', m.recommended ? 'recommended' : '']
    .filter(Boolean)
    .join(', ');
  return `${m.id.padEnd(28)} ${m.name} · ${m.languages} · ${gb(m.diskBytes)} · ${m.gflops ?? '?'} GFLOPs · IN-1k ${m.imagenetZeroShot ?? '?'}%${flags ? `  [${flags}]` : ''}`;
}

/** Runs one `models` subcommand. */
export async function modelsCommand({ core, hub }: CliCore, sub: string | undefined, rest: string[], flags: { json: boolean; variant?: string }): Promise<void> {
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
        process.stderr.write(`\r${gb(d.bytes)} / ${gb(d.totalBytes)} · ${(d.rate / 1e6).toFixed(1)} MB/s${d.etaSeconds === null ? '' : ` · ~${formatDuration(d.etaSeconds)} left`}\x1b[K`);
      });
      const result = await api.downloadModel({ id: arg, variant: flags.variant });
      off();
      if (process.stderr.isTTY) process.stderr.write('\n');
      return print(unwrap(result), flags.json, modelLine);
    }
    case 'import':
      if (!arg) throw new CliExit('shoebox: models import <dir>', 2);
      return print(unwrap(await api.importModel(resolve(arg))), flags.json, modelLine);
    case 'use':
      if (!arg) throw new CliExit('shoebox: models use <id>', 2);
      return print(unwrap(await api.useModel(arg)), flags.json, modelLine);
    case 'remove':
      if (!arg) throw new CliExit('shoebox: models remove <id>', 2);
      return print(unwrap(await api.removeModel(arg)), flags.json, (r) => (r.removed ? `Removed ${arg}` : `${arg} was not installed`));
    default:
      throw new CliExit('shoebox: models list|download|import|use|remove', 2);
  }
}
