/** CLI: `tags suggest|apply|list|undo|add|remove|rename|merge|delete`. */
import type { TagChange } from '../../preload/contract.js';
import type { CliCore } from './open-core.js';
import { CliExit, print, unwrap } from './output.js';
import { photoIds } from './photo-refs.js';

const changeText = (c: TagChange | null): string => (c ? `${c.label} (${c.photos} photos)` : 'Nothing to undo');

/** Runs one `tags` subcommand. */
export async function tagsCommand(
  { core }: CliCore,
  sub: string | undefined,
  rest: string[],
  flags: { json: boolean; 'min-score'?: string; into?: string },
): Promise<void> {
  const api = core.api;
  switch (sub) {
    case 'list':
      return print(unwrap(await api.listTags()), flags.json, (tags) =>
        tags.length
          ? tags
              .map((t) => `${t.name}  ${t.photoCount} photos${t.pendingSuggestions ? ` · ${t.pendingSuggestions} suggested` : ''}`)
              .join('\n')
          : 'No tags yet',
      );
    case 'vocabulary':
      return print(unwrap(await api.listVocabulary()), flags.json, (concepts) =>
        concepts.map((c) => `${c.name}  ${c.pendingSuggestions} suggested${c.isTag ? ' · one of your tags' : ''}`).join('\n'),
      );
    case 'suggest': {
      unwrap(await api.suggestTags({}));
      return print(unwrap(await api.reviewGroups()), flags.json, (groups) =>
        groups.length
          ? groups
              .map(
                (g) =>
                  `${g.tag}  ${g.count} candidates · ${g.aboveThreshold} above ${g.threshold.toFixed(3)}${g.calibrated ? '' : ' (uncalibrated)'}`,
              )
              .join('\n')
          : 'No suggestions',
      );
    }
    case 'apply': {
      const [tag] = rest;
      if (!tag) throw new CliExit('shoebox: tags apply <tag> [--min-score S]', 2);
      const minScore = flags['min-score'] === undefined ? undefined : Number(flags['min-score']);
      if (minScore !== undefined && !Number.isFinite(minScore)) throw new CliExit('shoebox: --min-score takes a number', 2);
      return print(unwrap(await api.acceptSuggestions({ tag, minScore })), flags.json, changeText);
    }
    case 'undo':
      return print(unwrap(await api.undo()), flags.json, changeText);
    case 'add':
    case 'remove': {
      const [tag, ...refs] = rest;
      if (!tag) throw new CliExit(`shoebox: tags ${sub} <tag> <photo>...`, 2);
      const req = { photoIds: photoIds(core, refs), names: [tag] };
      return print(unwrap(sub === 'add' ? await api.addTags(req) : await api.removeTags(req)), flags.json, changeText);
    }
    case 'rename': {
      const [from, to] = rest;
      if (!from || !to) throw new CliExit('shoebox: tags rename <from> <to>', 2);
      return print(unwrap(await api.renameTag({ from, to })), flags.json, changeText);
    }
    case 'merge': {
      if (!flags.into || rest.length === 0) throw new CliExit('shoebox: tags merge <tag>... --into <tag>', 2);
      return print(unwrap(await api.mergeTags({ from: rest, into: flags.into })), flags.json, changeText);
    }
    case 'delete': {
      const [tag] = rest;
      if (!tag) throw new CliExit('shoebox: tags delete <tag>', 2);
      return print(unwrap(await api.deleteTag(tag)), flags.json, changeText);
    }
    default:
      throw new CliExit('shoebox: tags suggest|apply|list|vocabulary|undo|add|remove|rename|merge|delete', 2);
  }
}
