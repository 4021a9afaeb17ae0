/** Zod schemas for every API channel's arguments: untrusted input is checked at the door (IPC and HTTP alike). */
import { z } from 'zod';
import { MAX_QUERY_LENGTH } from './search/query-parse.js';
import { PHOTO_ORDERS } from './catalog/photo-order.js';
import type { ApiChannel, Result, ShoeboxApi } from '../../preload/contract.js';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const ids = z.array(id).min(1).max(100_000);
const text = (max: number) => z.string().max(max);
/** A search page deeper than any library could reach (a bigger offset would only size buffers). */
const MAX_OFFSET = 10_000_000;
const tagName = z.string().trim().min(1, 'A tag name cannot be empty').max(100);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are written YYYY-MM-DD');

const filters = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    folder: text(4096).optional(),
    camera: text(200).optional(),
    hasLocation: z.boolean().optional(),
    tags: z.array(tagName).max(50).optional(),
    tagMode: z.enum(['all', 'any', 'none']).optional(),
    untagged: z.boolean().optional(),
    type: text(20).optional(),
    album: text(200).optional(),
  })
  .strict();

const searchRequest = z
  .object({
    query: z.string().max(MAX_QUERY_LENGTH, `A search is at most ${MAX_QUERY_LENGTH} characters`).optional(),
    similarTo: id.optional(),
    filters: filters.optional(),
    sort: z.enum(['relevance', ...PHOTO_ORDERS]).optional(),
    offset: z.number().int().min(0).max(MAX_OFFSET).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    includeWeak: z.boolean().optional(),
    sensitivity: z.number().min(0).max(1).optional(),
  })
  .strict();

const albumName = z.string().trim().min(1, 'An album needs a name').max(200);
const savedSearch = z
  .object({
    query: z.string().max(MAX_QUERY_LENGTH).optional(),
    filters: filters.optional(),
    sort: z.enum(['relevance', ...PHOTO_ORDERS]).optional(),
  })
  .strict();

const settingsPatch = z
  .object({
    provider: z.enum(['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu']).optional(),
    precision: z.enum(['auto', 'fp32', 'int8']).optional(),
    tagSensitivity: z.number().min(0).max(1).optional(),
    writeXmp: z.boolean().optional(),
    maxSuggestionsPerPhoto: z.number().int().min(1).max(50).optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
  })
  .strict();

const path = z.string().min(1, 'A folder path is required').max(4096);
const none = z.tuple([]);
const photoTags = z.object({ photoIds: ids, names: z.array(tagName).min(1).max(100) }).strict();

/** The argument tuple each channel accepts. */
export const argSchemas = {
  status: none,
  listFolders: none,
  addFolder: z.tuple([path]),
  removeFolder: z.tuple([id]),
  rescanFolder: z.tuple([id]),
  restoreFolder: z.tuple([id]),
  purgeMissing: z.tuple([id.nullable(), path.optional()]),
  missingGroups: none,
  retryFailed: z.tuple([id.nullable()]),
  browseDirectory: z.tuple([path.nullable()]),
  listPhotos: z.tuple([
    z
      .object({
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
        folderId: id.optional(),
        dir: path.optional(),
        recursive: z.boolean().optional(),
        missing: z.boolean().optional(),
        sort: z.enum(PHOTO_ORDERS).optional(),
      })
      .strict(),
  ]),
  folderTree: none,
  resolveDuplicates: z.tuple([z.object({ keepId: id, removeIds: ids }).strict()]),
  undoTrash: z.tuple([z.object({ undoId: id }).strict()]),
  trashPhotos: z.tuple([z.object({ photoIds: ids }).strict()]),
  listAlbums: none,
  createAlbum: z.tuple([
    z.object({ name: albumName, photoIds: z.array(id).max(100_000).optional(), search: savedSearch.optional() }).strict(),
  ]),
  renameAlbum: z.tuple([z.object({ id, name: albumName }).strict()]),
  deleteAlbum: z.tuple([z.object({ id }).strict()]),
  addToAlbum: z.tuple([z.object({ id, photoIds: ids }).strict()]),
  removeFromAlbum: z.tuple([z.object({ id, photoIds: ids }).strict()]),
  setAlbumCover: z.tuple([z.object({ id, photoId: id }).strict()]),
  findDuplicates: z.tuple([z.object({ near: z.number().min(0.5).max(1).optional() }).strict()]),
  exportPhotos: z.tuple([
    z
      .object({
        photoIds: ids,
        dest: path,
        format: z.enum(['original', 'jpeg']),
        longEdge: z.number().int().min(64).max(20_000).optional(),
        quality: z.number().int().min(1).max(100).optional(),
        sidecars: z.boolean(),
        embedTags: z.boolean().optional(),
      })
      .strict()
      .refine((r) => !r.embedTags || r.format === 'jpeg', 'Tags can be written into JPEG copies only: originals are copied as they are'),
  ]),
  rotatePhotos: z.tuple([z.object({ photoIds: ids, quarterTurns: z.union([z.literal(-1), z.literal(1), z.literal(2)]) }).strict()]),
  getPhoto: z.tuple([id]),
  listCameras: none,
  search: z.tuple([searchRequest]),
  listTags: none,
  addTags: z.tuple([photoTags]),
  removeTags: z.tuple([photoTags]),
  renameTag: z.tuple([z.object({ from: tagName, to: tagName }).strict()]),
  mergeTags: z.tuple([z.object({ from: z.array(tagName).min(1).max(100), into: tagName }).strict()]),
  deleteTag: z.tuple([tagName]),
  createTag: z.tuple([tagName]),
  suggestTags: z.tuple([z.object({ photoIds: ids.optional() }).strict()]),
  reviewGroups: none,
  tagCandidates: z.tuple([
    z.object({ tag: tagName, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  ]),
  acceptSuggestions: z.tuple([
    z.object({ tag: tagName, photoIds: ids.optional(), minScore: z.number().min(-1).max(1).optional() }).strict(),
  ]),
  rejectSuggestions: z.tuple([z.object({ tag: tagName, photoIds: ids }).strict()]),
  undo: none,
  listVocabulary: none,
  suggestionProgress: none,
  pauseSuggestions: none,
  resumeSuggestions: none,
  jobProgress: none,
  pauseIndexing: none,
  resumeIndexing: none,
  cancelIndexing: none,
  listModels: none,
  downloadModel: z.tuple([z.object({ id: text(200).min(1), variant: text(50).optional() }).strict()]),
  cancelDownload: z.tuple([text(200).min(1)]),
  importModel: z.tuple([path]),
  useModel: z.tuple([text(200).min(1)]),
  removeModel: z.tuple([text(200).min(1), z.object({ force: z.boolean().optional() }).strict().optional()]),
  getSettings: none,
  listProviders: none,
  writeSidecarsNow: none,
  updateSettings: z.tuple([settingsPatch]),
} satisfies Record<ApiChannel, z.ZodType>;

/** Checks a channel's raw arguments; a failure names the offending field in words a person can act on. */
export function validateArgs(channel: string, args: unknown): Result<unknown[]> {
  if (!Object.hasOwn(argSchemas, channel)) {
    return { ok: false, error: { code: 'invalid_input', message: `Unknown API call "${channel.slice(0, 60)}"` } };
  }
  const schema = argSchemas[channel as ApiChannel];
  const parsed = schema.safeParse(args ?? []);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length ? ` (at ${issue.path.join('.')})` : '';
  return {
    ok: false,
    error: { code: 'invalid_input', message: `Invalid request to ${channel}: ${issue?.message ?? 'bad arguments'}${where}` },
  };
}

type ContractArgs<K extends ApiChannel> = Parameters<ShoeboxApi[K]>;
type ParsedArgs<K extends ApiChannel> = z.output<(typeof argSchemas)[K]>;
/** Channels whose parsed arguments and the contract's parameters are not assignable both ways. */
type Disagreeing = {
  [K in ApiChannel]: [ParsedArgs<K>] extends [ContractArgs<K>] ? ([ContractArgs<K>] extends [ParsedArgs<K>] ? never : K) : K;
}[ApiChannel];
/** One truth at the boundary: this fails to compile, naming the channels, when a schema and the contract drift apart. */
export const schemasMatchContract: [Disagreeing] extends [never] ? true : { disagree: Disagreeing } = true;
