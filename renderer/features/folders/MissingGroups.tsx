/** Missing photos grouped and explained ("10 photos are missing from Trips/2019 since 3 Dec — Show · Purge"). */
import type { ReactNode } from 'react';
import type { MissingGroup } from '../../../preload/contract.js';
import { formatCount, formatDate } from '../../lib/format.js';
import { useStore } from '../../store/index.js';

/** The group's directory relative to its library folder ("Trips/2019"), or the folder's own name. */
function where(g: MissingGroup): string {
  const rel = g.dir.startsWith(g.folderPath) ? g.dir.slice(g.folderPath.length).replace(/^[\\/]+/, '') : g.dir;
  return rel || g.folderPath;
}

/** One line per group; nothing when no photo is missing. */
export function MissingGroups(): ReactNode {
  const missing = useStore((s) => s.missing);
  const s = useStore.getState();
  if (missing.length === 0) return null;
  return (
    <section className="notice-list" aria-label="Missing photos" data-testid="missing-groups">
      {missing.map((g) => (
        <div key={`${g.folderId}:${g.dir}`} className="notice warn" data-testid="missing-group" data-dir={g.dir}>
          <span>
            {formatCount(g.count)} {g.count === 1 ? 'photo is' : 'photos are'} missing from <strong>{where(g)}</strong>
            {g.since ? ` since ${formatDate(g.since)}` : ''}. Their tags are kept: they come back if the files reappear anywhere in the
            library.
          </span>
          <button type="button" className="btn small" onClick={() => s.showMissing(g.folderId)}>
            Show
          </button>
          <button
            type="button"
            className="btn small danger"
            onClick={() => void s.purgeMissing(g.folderId, g.dir)}
            aria-label={`Forget the missing photos of ${where(g)}`}
          >
            Purge
          </button>
        </div>
      ))}
    </section>
  );
}
