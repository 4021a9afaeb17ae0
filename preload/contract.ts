/** THE contract between the renderer and core: every call, every event, one channel list. Imports nothing. */

/** Expected failures travel as values; `code` is stable, `message` is written for a person. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** An expected failure: what went wrong and what to do about it. */
export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'no_model'
  | 'offline'
  | 'io'
  | 'network'
  | 'checksum'
  | 'disk_full'
  | 'cancelled'
  | 'internal';

export type FolderStatus = 'online' | 'offline';
/** How changes in a folder are noticed: inotify-style events, chokidar polling, or periodic rescans. */
export type WatchMode = 'events' | 'polling' | 'rescan';

/** A library root folder. */
export interface Folder {
  id: number;
  path: string;
  status: FolderStatus;
  statusReason: string | null;
  watchMode: WatchMode;
  watchReason: string | null;
  photoCount: number;
  missingCount: number;
  lastScanAt: number | null;
}

/** Missing photos of one directory of a library folder: "10 photos are missing from Trips/2019 since 3 Dec". */
export interface MissingGroup {
  folderId: number;
  folderPath: string;
  dir: string;
  count: number;
  since: number | null;
}

/** One entry of the server-side folder browser. */
export interface DirEntry {
  name: string;
  path: string;
}

/** A directory listing for the folder picker (both Electron and browser mode). */
export interface DirListing {
  path: string;
  parent: string | null;
  entries: DirEntry[];
}

/** The grid's view of a photo. Thumbnail and display URLs are built by the renderer from `id`. */
export interface PhotoSummary {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  takenAt: number | null;
  /** When the photo was taken, else the file's modification time (then `dateFromFile` is true): its timeline place. */
  date: number;
  dateFromFile: boolean;
  presence: 'present' | 'missing';
  hasThumb: boolean;
  /** Why the file cannot be read, in plain words (null when it can). */
  error: string | null;
  tags: string[];
  /** Degrees clockwise the person turned the photo (never written into the file). */
  rotation: 0 | 90 | 180 | 270;
}

export type TagSource = 'manual' | 'suggestion' | 'imported';

/** A tag on a photo, with where it came from. */
export interface PhotoTag {
  name: string;
  source: TagSource;
  score: number | null;
}

/** A pending zero-shot suggestion for a photo. */
export interface PhotoSuggestion {
  tag: string;
  score: number;
}

/** Everything the viewer/inspector shows about one photo. */
/** What the camera recorded about the shot; each field null when the file does not say. */
export interface PhotoExposure {
  lens: string | null;
  focalLengthMm: number | null;
  /** The 35 mm equivalent, when the camera records it. */
  focalLength35Mm: number | null;
  /** The f-number (4 → ƒ/4). */
  aperture: number | null;
  exposureSeconds: number | null;
  iso: number | null;
  flashFired: boolean | null;
}

export interface PhotoDetail extends PhotoSummary {
  folderId: number;
  size: number;
  format: string | null;
  mtimeMs: number;
  cameraMake: string | null;
  cameraModel: string | null;
  gps: { lat: number; lon: number } | null;
  error: string | null;
  tagsDetailed: PhotoTag[];
  suggestions: PhotoSuggestion[];
  /** Lens, focal length, aperture, shutter, ISO and flash, read from the file when the viewer asks (null: none). */
  exposure: PhotoExposure | null;
}

/** One page of the library, newest first. */
export interface PhotoPage {
  total: number;
  offset: number;
  photos: PhotoSummary[];
}

/** Filters that combine with any query. Dates are ISO `YYYY-MM-DD` (inclusive). */
export interface SearchFilters {
  from?: string;
  to?: string;
  folder?: string;
  camera?: string;
  hasLocation?: boolean;
  tags?: string[];
  /** How `tags` combine: photos with all of them (default), any of them, or none of them. */
  tagMode?: 'all' | 'any' | 'none';
  untagged?: boolean;
  type?: string;
  /** Photos of this manual album (by name). */
  album?: string;
}

/**
 * A page request: `folderId` narrows to one library folder, `dir` to one directory (with its subdirectories when
 * `recursive`); `missing` lists the photos whose files are gone; `sort` defaults to date taken, newest first.
 */
export interface PhotoPageRequest {
  offset: number;
  limit: number;
  folderId?: number;
  dir?: string;
  recursive?: boolean;
  missing?: boolean;
  sort?: PhotoOrder;
}

/** How photos are ordered: date taken (newest first), date added (newest first), file name (A–Z), file size (largest first). */
export type PhotoOrder = 'date' | 'added' | 'name' | 'size';

/** A directory of a library folder in the folder tree. */
export interface FolderNode {
  /** The library folder it belongs to. */
  folderId: number;
  path: string;
  name: string;
  /** Present photos directly in this directory. */
  photoCount: number;
  /** Present photos here and in every subdirectory. */
  totalCount: number;
  children: FolderNode[];
}

/** A search: free text (`-word`, `-"a phrase"` push away), or a photo to find similar ones, plus filters. */
export interface SearchRequest {
  query?: string;
  similarTo?: number;
  filters?: SearchFilters;
  /** Relevance (queries only; the default for them), or a {@link PhotoOrder} (the default without a query is 'date'). */
  sort?: 'relevance' | PhotoOrder;
  offset?: number;
  limit?: number;
  /** Show the weaker tail that the relevance cut-off hides. */
  includeWeak?: boolean;
  /** Moves the cut-off: 0 = strict, 1 = lenient; default 0.5. */
  sensitivity?: number;
}

/** A scored search hit. `probability` is set only for plain text queries on calibrated models. */
export interface SearchHit {
  photo: PhotoSummary;
  score: number;
  probability: number | null;
  strong: boolean;
}

/** A page of search results and what the cut-off hid. */
export interface SearchPage {
  hits: SearchHit[];
  strongCount: number;
  weakCount: number;
  total: number;
  offset: number;
  cutoff: { kind: 'probability' | 'relative' | 'none'; value: number };
  modelId: string | null;
}

/** A camera the library's photos were taken with, as the camera filter offers it. */
export interface CameraSummary {
  /** "Canon EOS R6" (make and model, the make not repeated when the model already names it). */
  name: string;
  photoCount: number;
}

/** A tag with its usage. */
export interface TagSummary {
  id: number;
  name: string;
  category: string | null;
  photoCount: number;
  pendingSuggestions: number;
  threshold: number | null;
}

/** A concept of the zero-shot vocabulary: not a tag until a suggestion of it is accepted or the person creates it. */
export interface VocabularyConcept {
  name: string;
  prompt: string;
  category: string | null;
  /** The person has a tag of this name (it was accepted or created). */
  isTag: boolean;
  /** Photos it is proposed for, awaiting review. */
  pendingSuggestions: number;
}

/** The background suggestion pass: photos scored with the current model and vocabulary, of those that need it. */
export interface SuggestionProgress {
  state: 'idle' | 'preparing' | 'running' | 'paused';
  done: number;
  total: number;
  /** Whether scores are the model's calibrated probabilities (false: relative scores, the UI says so). */
  calibrated: boolean;
  /** Why suggestions cannot run (no model, a damaged one), or null. */
  message: string | null;
}

/** Suggestions of one tag awaiting review. */
export interface SuggestionGroup {
  tag: string;
  category: string | null;
  count: number;
  aboveThreshold: number;
  threshold: number;
  calibrated: boolean;
}

/** One photo proposed for a tag. */
export interface SuggestionCandidate {
  photo: PhotoSummary;
  score: number;
  aboveThreshold: boolean;
}

/** What a bulk tag operation changed; `undoable` means {@link ShoeboxApi.undo} can reverse it. */
export interface TagChange {
  label: string;
  photos: number;
  undoable: boolean;
}

/** Counts and health of the library, as `shoebox status` prints them. */
export interface LibraryStatus {
  libraryDir: string;
  /** The active model, the precision it runs in and why (e.g. "int8 on CPU: …, agreement 0.998 with fp32"). */
  model: { id: string; name: string; precision: string; precisionReason: string | null } | null;
  provider: string | null;
  /** The desktop app's log file (null in browser mode and the CLI, which log to the terminal). */
  logFile: string | null;
  /** Why the chosen provider is not the one in use (it is not available here, or failed to start), in plain words. */
  providerNote: string | null;
  counts: {
    photos: number;
    /** Present photos read (thumbnail and metadata), with or without a model. */
    read: number;
    /** Present photos search can find now (embedded by the serving model). */
    indexed: number;
    pending: number;
    missing: number;
    errors: number;
    skipped: number;
  };
  errors: { path: string; reason: string; folderId: number }[];
  /**
   * Files and folders found but never read, each with its reason: devices, pipes, names that are not UTF-8, paths
   * too long to open, folders without permission (at most 1,000). Ordinary non-photos are only in `counts.skipped`.
   */
  unreadable: { path: string; reason: string }[];
  /** The embedding key search answers with while a newly chosen one re-embeds the library. */
  servingModelId: string | null;
  /** The model search, find-similar and suggestions answer with. */
  serving: { id: string; name: string; precision: string } | null;
  /** While the active model re-embeds the library after a switch: photos it covers of the library's total. */
  switching: { done: number; total: number } | null;
}

/** A model (listed by the app or imported by the person), with what it costs and whether it is installed. */
export interface ModelInfo {
  id: string;
  name: string;
  description: string;
  languages: string;
  imageSize: number;
  embedDim: number;
  diskBytes: number | null;
  gflops: number | null;
  imagenetZeroShot: number | null;
  cocoR1: number | null;
  variants: string[];
  installed: boolean;
  installedVariant: string | null;
  active: boolean;
  recommended: boolean;
  source: 'listed' | 'imported';
}

/** A compute provider that exists on this operating system, and whether it can run on this computer. */
export interface ProviderOption {
  name: 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';
  label: string;
  available: boolean;
  /** Why it cannot run here, in plain words (null when it can). */
  reason: string | null;
}

/** User settings stored in the library. */
export interface Settings {
  provider: 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';
  precision: 'auto' | 'fp32' | 'int8';
  tagSensitivity: number;
  writeXmp: boolean;
  /** At most this many pending suggestions per photo (the strongest ones). */
  maxSuggestionsPerPhoto: number;
  theme: 'system' | 'light' | 'dark';
}

/** Progress of indexing: counts, rate and an ETA in seconds (null until a rate is known). */
export interface JobProgress {
  state: 'idle' | 'running' | 'paused';
  /** Reading photos (thumbnail + metadata) without a model, or embedding them with one. */
  stage: 'reading' | 'embedding';
  /** Photos of the library done of `total` (never more than the library holds). */
  done: number;
  total: number;
  errors: number;
  rate: number;
  etaSeconds: number | null;
  provider: string | null;
  modelId: string | null;
  /** Making the int8 towers for this CPU before indexing starts (steps done of total), or null. */
  preparing: { done: number; total: number } | null;
  /** Why indexing cannot go on, in plain words (null while it can). */
  problem: string | null;
  /** The background tag-suggestion pass, when core runs one. */
  suggesting?: SuggestionProgress | null;
}

/** Progress of a model download. */
export interface DownloadProgress {
  modelId: string;
  state: 'downloading' | 'verifying' | 'done' | 'failed' | 'cancelled';
  bytes: number;
  totalBytes: number;
  rate: number;
  etaSeconds: number | null;
  message: string | null;
}

/** Progress of writing XMP sidecars (after write-back was turned on, "Write sidecars now", or a bulk tag change). */
export interface SidecarProgress {
  state: 'writing' | 'idle';
  done: number;
  total: number;
}

/** Something in the library changed; the renderer refetches what it shows. */
export interface LibraryChange {
  kind: 'photos' | 'folders' | 'tags' | 'models' | 'settings' | 'albums';
}

/** Every call from the renderer to core. The channel name is the method name. */
export interface ShoeboxApi {
  status(): Promise<Result<LibraryStatus>>;
  listFolders(): Promise<Result<Folder[]>>;
  addFolder(path: string): Promise<Result<Folder>>;
  /** Removes a folder from the library; its photos are hidden with their tags kept until it is restored or added again. */
  removeFolder(id: number): Promise<Result<{ removed: number }>>;
  /** Undoes {@link ShoeboxApi.removeFolder}. */
  restoreFolder(id: number): Promise<Result<Folder>>;
  rescanFolder(id: number): Promise<Result<Folder>>;
  /** Forgets missing photos of a folder (all folders when null), only those at or below `dir` when given. */
  purgeMissing(folderId: number | null, dir?: string): Promise<Result<{ purged: number }>>;
  /** Missing photos grouped by the directory they were in. */
  missingGroups(): Promise<Result<MissingGroup[]>>;
  /** Queues the failed photos of a folder (all when null) to be tried again. */
  retryFailed(folderId: number | null): Promise<Result<{ queued: number }>>;
  browseDirectory(path: string | null): Promise<Result<DirListing>>;
  /** A page of the library: all of it, one library folder, or one directory (`recursive`: with its subdirectories). */
  listPhotos(req: PhotoPageRequest): Promise<Result<PhotoPage>>;
  /** Every library folder's directories that hold photos, nested, with counts. */
  folderTree(): Promise<Result<FolderNode[]>>;
  /**
   * Groups the library's exact copies, near-duplicates (cosine ≥ `near`, default 0.95) and bursts; compared on a
   * worker thread with the serving model's vectors (exact copies only without a model). Progress: `duplicateProgress`.
   */
  findDuplicates(req: { near?: number }): Promise<Result<DuplicateGroup[]>>;
  /**
   * Keeps `keepId` and moves the others to the system trash (never deleting a file), giving the kept photo their
   * tags; `undoId` undoes it with {@link ShoeboxApi.undoTrash} while the files are still in the trash.
   */
  resolveDuplicates(req: {
    keepId: number;
    removeIds: number[];
  }): Promise<Result<{ trashed: number; tagsCarried: number; kept: { path: string; reason: string }[]; undoId: number | null }>>;
  /** Moves photos to the system trash (never deleting a file); `undoId` undoes it with {@link ShoeboxApi.undoTrash}. */
  trashPhotos(req: {
    photoIds: number[];
  }): Promise<Result<{ trashed: number; kept: { path: string; reason: string }[]; undoId: number | null }>>;
  /** Puts trashed photos back (a resolved group or trashed photos): files out of the trash, their photos with tags; a kept photo loses what it gained. */
  undoTrash(req: { undoId: number }): Promise<Result<{ restored: number; left: { path: string; reason: string }[] }>>;
  listAlbums(): Promise<Result<AlbumSummary[]>>;
  /** A manual album (with `photoIds`, possibly none) or a smart one (with `search`). */
  createAlbum(req: { name: string; photoIds?: number[]; search?: SavedSearch }): Promise<Result<AlbumSummary>>;
  renameAlbum(req: { id: number; name: string }): Promise<Result<AlbumSummary>>;
  /** Deletes an album (never its photos); answers what it held so it can be made again. */
  deleteAlbum(req: { id: number }): Promise<Result<{ name: string; photoIds: number[]; search: SavedSearch | null }>>;
  addToAlbum(req: { id: number; photoIds: number[] }): Promise<Result<AlbumSummary>>;
  removeFromAlbum(req: { id: number; photoIds: number[] }): Promise<Result<AlbumSummary>>;
  setAlbumCover(req: { id: number; photoId: number }): Promise<Result<AlbumSummary>>;
  /** Starts copying photos to a folder (one export at a time); its progress arrives as `exportProgress` events. */
  exportPhotos(req: ExportRequest): Promise<Result<ExportProgress>>;
  /** Turns photos by quarter turns (1 = 90° clockwise, -1 = counter-clockwise) without touching their files. */
  rotatePhotos(req: { photoIds: number[]; quarterTurns: -1 | 1 | 2 }): Promise<Result<{ rotated: number }>>;
  getPhoto(id: number): Promise<Result<PhotoDetail>>;
  /** The cameras of the library's present photos, most used first (what the camera filter offers). */
  listCameras(): Promise<Result<CameraSummary[]>>;
  search(req: SearchRequest): Promise<Result<SearchPage>>;
  listTags(): Promise<Result<TagSummary[]>>;
  addTags(req: { photoIds: number[]; names: string[] }): Promise<Result<TagChange>>;
  removeTags(req: { photoIds: number[]; names: string[] }): Promise<Result<TagChange>>;
  renameTag(req: { from: string; to: string }): Promise<Result<TagChange>>;
  mergeTags(req: { from: string[]; into: string }): Promise<Result<TagChange>>;
  deleteTag(name: string): Promise<Result<TagChange>>;
  /** Creates a tag on no photo yet (its concept is then scored over the library). Undoable. */
  createTag(name: string): Promise<Result<TagChange>>;
  suggestTags(req: { photoIds?: number[] }): Promise<Result<{ suggestions: number; photos: number }>>;
  reviewGroups(): Promise<Result<SuggestionGroup[]>>;
  tagCandidates(req: { tag: string; offset?: number; limit?: number }): Promise<Result<SuggestionCandidate[]>>;
  acceptSuggestions(req: { tag: string; photoIds?: number[]; minScore?: number }): Promise<Result<TagChange>>;
  rejectSuggestions(req: { tag: string; photoIds: number[] }): Promise<Result<TagChange>>;
  undo(): Promise<Result<TagChange | null>>;
  /** The zero-shot vocabulary, apart from the person's tags, with pending counts. */
  listVocabulary(): Promise<Result<VocabularyConcept[]>>;
  suggestionProgress(): Promise<Result<SuggestionProgress>>;
  pauseSuggestions(): Promise<Result<SuggestionProgress>>;
  resumeSuggestions(): Promise<Result<SuggestionProgress>>;
  jobProgress(): Promise<Result<JobProgress>>;
  pauseIndexing(): Promise<Result<JobProgress>>;
  resumeIndexing(): Promise<Result<JobProgress>>;
  /** Stops indexing now and empties its queue; what is left is queued again at the next start or rescan. */
  cancelIndexing(): Promise<Result<JobProgress>>;
  listModels(): Promise<Result<ModelInfo[]>>;
  downloadModel(req: { id: string; variant?: string }): Promise<Result<ModelInfo>>;
  cancelDownload(id: string): Promise<Result<{ cancelled: boolean }>>;
  importModel(dir: string): Promise<Result<ModelInfo>>;
  useModel(id: string): Promise<Result<ModelInfo>>;
  /** Removes a model; the active one only with `force` (the app asks first). `servingAfter` names what then serves. */
  removeModel(id: string, opts?: { force?: boolean }): Promise<Result<{ removed: boolean; servingAfter: string | null }>>;
  getSettings(): Promise<Result<Settings>>;
  /** Writes the XMP sidecar of every tagged photo now, in the background (write-back must be on). */
  writeSidecarsNow(): Promise<Result<{ queued: number }>>;
  /** Compute providers of this OS with their availability, for the Settings page. */
  listProviders(): Promise<Result<ProviderOption[]>>;
  updateSettings(patch: Partial<Settings>): Promise<Result<Settings>>;
}

/** Every event from core to the renderer. */
/** A search kept as a smart album: run again, with the model that serves, whenever the album is opened. */
export interface SavedSearch {
  query?: string;
  filters?: SearchFilters;
  sort?: SearchRequest['sort'];
}

/** An album in the sidebar. Manual albums hold photos; smart ones a saved search. */
export interface AlbumSummary {
  id: number;
  name: string;
  kind: 'manual' | 'smart';
  /** Present photos of a manual album (null for a smart album: it depends on the search when opened). */
  photoCount: number | null;
  coverPhotoId: number | null;
  search: SavedSearch | null;
}

/** A photo in a duplicate group, with what tells copies apart. */
export interface DuplicatePhoto extends PhotoSummary {
  size: number;
  format: string | null;
}

/** Photos that are the same picture: byte-identical copies, near-duplicates (edits, re-encodes) or a burst. */
export interface DuplicateGroup {
  kind: 'exact' | 'near' | 'burst';
  /** The lowest cosine between the group's photos and its centre (1 for exact copies). */
  minScore: number;
  photos: DuplicatePhoto[];
  /** The photo suggested to keep, and why in words. */
  keepId: number;
  keepReason: string;
}

/** Copies of photos to write to a folder outside the library. */
export interface ExportRequest {
  photoIds: number[];
  /** The folder to write to (made when missing); never inside a library folder. */
  dest: string;
  /** The files as they are, or JPEGs of at most `longEdge` pixels on their long side (turned as the person turned them). */
  format: 'original' | 'jpeg';
  longEdge?: number;
  /** JPEG quality, 1–100 (default 90). */
  quality?: number;
  /** Writes each copy's tags into an XMP sidecar beside it. */
  sidecars: boolean;
  /** Writes each JPEG copy's tags into the copy itself (XMP); originals are copied as they are, so `jpeg` only. */
  embedTags?: boolean;
}

/** How an export is going; `state` 'done' once every photo was written or failed. */
export interface ExportProgress {
  state: 'running' | 'done';
  dest: string;
  done: number;
  total: number;
  /** Photos that could not be written, with why in plain words. */
  failures: { path: string; reason: string }[];
}

export interface ShoeboxEvents {
  /** Photos compared so far while duplicates are looked for. */
  duplicateProgress(p: { done: number; total: number }): void;
  exportProgress(p: ExportProgress): void;
  jobProgress(p: JobProgress): void;
  downloadProgress(p: DownloadProgress): void;
  libraryChanged(c: LibraryChange): void;
  sidecarProgress(p: SidecarProgress): void;
}

/** The channel list; tsc fails when it and {@link ShoeboxApi} drift apart. */
export const apiChannels = {
  status: 1,
  listFolders: 1,
  addFolder: 1,
  removeFolder: 1,
  restoreFolder: 1,
  rescanFolder: 1,
  purgeMissing: 1,
  missingGroups: 1,
  retryFailed: 1,
  browseDirectory: 1,
  listPhotos: 1,
  folderTree: 1,
  rotatePhotos: 1,
  exportPhotos: 1,
  findDuplicates: 1,
  listAlbums: 1,
  createAlbum: 1,
  renameAlbum: 1,
  deleteAlbum: 1,
  addToAlbum: 1,
  removeFromAlbum: 1,
  setAlbumCover: 1,
  resolveDuplicates: 1,
  undoTrash: 1,
  trashPhotos: 1,
  getPhoto: 1,
  listCameras: 1,
  search: 1,
  listTags: 1,
  addTags: 1,
  removeTags: 1,
  renameTag: 1,
  mergeTags: 1,
  deleteTag: 1,
  createTag: 1,
  suggestTags: 1,
  reviewGroups: 1,
  tagCandidates: 1,
  acceptSuggestions: 1,
  rejectSuggestions: 1,
  undo: 1,
  listVocabulary: 1,
  suggestionProgress: 1,
  pauseSuggestions: 1,
  resumeSuggestions: 1,
  jobProgress: 1,
  pauseIndexing: 1,
  resumeIndexing: 1,
  cancelIndexing: 1,
  listModels: 1,
  downloadModel: 1,
  cancelDownload: 1,
  importModel: 1,
  useModel: 1,
  removeModel: 1,
  getSettings: 1,
  listProviders: 1,
  writeSidecarsNow: 1,
  updateSettings: 1,
} as const satisfies Record<keyof ShoeboxApi, 1>;

/** The event list, likewise checked against {@link ShoeboxEvents}. */
export const eventChannels = {
  duplicateProgress: 1,
  exportProgress: 1,
  jobProgress: 1,
  downloadProgress: 1,
  libraryChanged: 1,
  sidecarProgress: 1,
} as const satisfies Record<keyof ShoeboxEvents, 1>;

export type ApiChannel = keyof ShoeboxApi;
export type EventChannel = keyof ShoeboxEvents;
/** Event channels are prefixed on the wire so they can never collide with a call. */
export const eventPrefix = 'event:';
/** URL scheme of the Electron photo protocol; browser mode serves the same paths under `/media/`. */
export const mediaScheme = 'shoebox-media';
