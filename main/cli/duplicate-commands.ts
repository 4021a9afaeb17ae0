/** CLI: `duplicates`, the library's exact copies, near-duplicates and bursts with the photo to keep. */
import type { DuplicateGroup } from '../../preload/contract.js';
import { formatBytes } from '../core/units.js';
import type { CliCore } from './open-core.js';
import { CliExit, print, unwrap } from './output.js';

const KIND: Record<DuplicateGroup['kind'], string> = { exact: 'Exact copies', near: 'Near-duplicates', burst: 'Burst' };

/** `shoebox duplicates [--threshold C] [--json]`: every group, the suggested keeper marked and why. */
export async function duplicatesCommand({ core }: CliCore, flags: { threshold?: string; json: boolean }): Promise<void> {
  const near = flags.threshold === undefined ? undefined : Number(flags.threshold);
  if (near !== undefined && !(near >= 0.5 && near <= 1))
    throw new CliExit('shoebox: --threshold is a cosine from 0.5 to 1 (default 0.95)', 2);
  const groups = unwrap(await core.api.findDuplicates(near === undefined ? {} : { near }));
  print(groups, flags.json, (gs) =>
    gs.length === 0
      ? 'No duplicates found.'
      : gs
          .map((g) =>
            [
              `${KIND[g.kind]} (${g.photos.length} photos${g.kind === 'exact' ? '' : `, similarity ≥ ${g.minScore.toFixed(3)}`}) — keep ${g.keepReason}`,
              ...g.photos.map(
                (p) =>
                  `  ${p.id === g.keepId ? '✓' : ' '} ${p.path}  ${p.width ?? '?'} × ${p.height ?? '?'} · ${formatBytes(p.size)}${p.format ? ` · ${p.format.toUpperCase()}` : ''}`,
              ),
            ].join('\n'),
          )
          .join('\n\n'),
  );
}
