/** CLI: `albums list|create|smart|add|remove|rename|delete|show`. */
import type { AlbumSummary } from '../../preload/contract.js';
import type { CliCore } from './open-core.js';
import { CliExit, print, unwrap } from './output.js';
import { photoIds } from './photo-refs.js';
import { filtersFrom, pageText, requestFrom, type SearchFlags } from './search-commands.js';

const USAGE = `shoebox albums list | create NAME [PHOTO...] | smart NAME "DESCRIPTION" [filters] | add NAME PHOTO... |
  remove NAME PHOTO... | rename NAME NEW | delete NAME | show NAME`;

const albumLine = (a: AlbumSummary): string =>
  a.kind === 'smart'
    ? `${a.name}  (smart: ${a.search?.query ? `"${a.search.query}"` : 'filters only'})`
    : `${a.name}  (${a.photoCount} ${a.photoCount === 1 ? 'photo' : 'photos'})`;

/** Runs one `albums` subcommand. */
export async function albumsCommand({ core }: CliCore, sub: string | undefined, args: string[], flags: SearchFlags): Promise<void> {
  const find = async (name: string | undefined): Promise<AlbumSummary> => {
    if (!name) throw new CliExit(`shoebox: name the album\n${USAGE}`, 2);
    const album = unwrap(await core.api.listAlbums()).find((a) => a.name.toLowerCase() === name.trim().toLowerCase());
    if (!album) throw new CliExit(`shoebox: there is no album called "${name}"`, 1);
    return album;
  };
  const show = (a: AlbumSummary): void => print(a, flags.json, albumLine);
  switch (sub) {
    case 'list':
      return print(unwrap(await core.api.listAlbums()), flags.json, (as) => (as.length ? as.map(albumLine).join('\n') : 'No albums yet.'));
    case 'create':
      if (!args[0]) throw new CliExit(`shoebox: albums create NAME [PHOTO...]`, 2);
      return show(unwrap(await core.api.createAlbum({ name: args[0], photoIds: args.length > 1 ? photoIds(core, args.slice(1)) : [] })));
    case 'smart': {
      if (!args[0]) throw new CliExit(`shoebox: albums smart NAME "DESCRIPTION" [filters]`, 2);
      const query = args.slice(1).join(' ').trim();
      const { sort } = requestFrom(flags);
      const search = { ...(query ? { query } : {}), filters: filtersFrom(flags), ...(sort ? { sort } : {}) };
      return show(unwrap(await core.api.createAlbum({ name: args[0], search })));
    }
    case 'add':
      return show(unwrap(await core.api.addToAlbum({ id: (await find(args[0])).id, photoIds: photoIds(core, args.slice(1)) })));
    case 'remove':
      return show(unwrap(await core.api.removeFromAlbum({ id: (await find(args[0])).id, photoIds: photoIds(core, args.slice(1)) })));
    case 'rename':
      if (!args[1]) throw new CliExit('shoebox: albums rename NAME NEW', 2);
      return show(unwrap(await core.api.renameAlbum({ id: (await find(args[0])).id, name: args[1] })));
    case 'delete': {
      const gone = unwrap(await core.api.deleteAlbum({ id: (await find(args[0])).id }));
      return print(gone, flags.json, (g) => `Deleted the album "${g.name}" (its photos stay in the library).`);
    }
    case 'show': {
      const album = await find(args[0]);
      const base = requestFrom(flags);
      // A smart album runs its saved search now, with the model that serves; a manual one lists its photos.
      const req = album.search
        ? { ...base, ...album.search, filters: { ...album.search.filters } }
        : { ...base, filters: { album: album.name } };
      return print(unwrap(await core.api.search(req)), flags.json, pageText);
    }
    default:
      throw new CliExit(`shoebox: ${USAGE}`, 2);
  }
}
