/**
 * The raw-data repository's vocabulary. A dataset source is described once (where it lives on
 * the Hugging Face hub at a pinned revision, where the offline mirror keeps the same files) and
 * read through one code path whichever of the two serves it, decided file by file.
 */
export type FileFormat = 'json' | 'jsonl' | 'csv';
export type CotQuality = 'none' | 'low' | 'medium' | 'medium-high' | 'high';

/** Which fields hold the question-like and the answer-like text (for token-length stats). */
export interface TextFields {
  prompt: string[];
  answer: string[];
}

export interface DatasetFile {
  /** Logical name used by tasks, e.g. "train/aime" or "test/经济师". */
  name: string;
  format: FileFormat;
  /** Path inside the hub repository at the pinned revision, or null when the hub lacks this file. */
  hubPath: string | null;
  /** Path inside the offline mirror (FTDOJO_DATA_MIRROR), or null when the mirror lacks it. */
  mirrorPath: string | null;
  /**
   * Expected sha256 of the file's bytes, when known ahead of time. Usually left out: mirror files
   * are checked against the mirror's MANIFEST.tsv and hub files against the hub's LFS hashes.
   */
  sha256?: string;
  /** Expected row count, when known. */
  rows?: number;
  /** Overrides the source's text fields for this file (sources whose files differ in layout). */
  text?: TextFields;
}

/** A revision on the hub, pinned. */
export interface HubPin {
  repo: string;
  repoType: 'dataset' | 'model';
  /** Pinned revision: a full commit hash, or a verified prefix (see `revisionNote`). */
  revision: string;
  revisionNote?: string;
  /** Where the file paths came from, when they could not be checked against the hub offline. */
  layoutNote?: string;
}

export interface DatasetSource {
  id: string;
  title: string;
  domain: string;
  description: string;
  licence: string;
  /** The hub copy at a pinned revision, or null when no file of this source is fetched from the hub. */
  hub: HubPin | null;
  /** Where the mirror's copy came from (repository and commit), when the mirror has this source. */
  mirrorOrigin?: { repo: string; commit: string; note?: string };
  files: DatasetFile[];
  cotQuality: CotQuality;
  cotNote: string;
  /** Field names a row carries, with a short meaning each. */
  fields: Record<string, string>;
  /** Fields whose text is the prompt and the answer; absent when the layout has no such split. */
  text?: TextFields;
  /** Not one of the paper's raw-data sources (e.g. an extension or an extra benchmark). */
  extension?: boolean;
}

export type Row = Record<string, unknown>;

/** Bytes done and expected for one file of a download, for progress bars (the hub's, with the source). */
export interface DownloadProgress {
  sourceId?: string;
  file: string;
  bytesDone: number;
  /** Null when the server did not say and the size is not known in advance. */
  bytesTotal: number | null;
}
export type ProgressListener = (progress: DownloadProgress) => void;

/**
 * What a pull did with one file: checked the mirror's copy ('verified'), found the hub's in the
 * cache ('cached') or downloaded it ('downloaded'); or could not get it here ('mirror-only': no
 * mirror is set; 'unavailable': neither side has it).
 */
export type PullStatus = 'verified' | 'cached' | 'downloaded' | 'mirror-only' | 'unavailable';

/** One file of a request: a source id and the file's logical name. */
export interface FileRequest {
  sourceId: string;
  fileName: string;
}

export interface PullFileResult {
  sourceId: string;
  name: string;
  /** The side that serves it here, or null when neither does. */
  from: 'mirror' | 'hub' | null;
  status: PullStatus;
  /** Local path when the file is available. */
  path?: string;
  /** Why the file was skipped, for the statuses that skip. */
  reason?: string;
}

export interface PullReport {
  /** The sources the pulled files belong to, in request order. */
  sources: string[];
  mode: RepositoryMode;
  /** The full commit each hub source's pinned revision resolved to (sources with hub files only). */
  hub: Array<{ sourceId: string; repo: string; commit: string }>;
  files: PullFileResult[];
  /** One sentence for the user, e.g. "8 file(s) verified in the mirror, 1 downloaded from the hub". */
  summary: string;
}

export interface PullOptions {
  onProgress?: ProgressListener;
  /** Called as each file is done (verified, found, downloaded or skipped), in order: a progress line per file. */
  onFile?: (result: PullFileResult) => void;
  /** The command an offline error tells the user to run (e.g. `ftdojo data pull --task aime25 --profile paper`). */
  fetchCommand?: string;
}

/** Where one file's bytes come from and what they were checked against. */
export interface FileProvenance {
  readFrom: 'mirror' | 'hub-cache';
  path: string;
  bytes: number;
  sha256?: string;
  rows?: number;
  /** For mirror files: the repository, commit and path the mirror's MANIFEST names. */
  origin?: { repo: string; commit: string; sourcePath: string };
  /** For hub files: the repository and the full commit. */
  hub?: { repo: string; commit: string; path: string };
}

/** Where one file is read from on this machine, and whether it is here now. Never touches the network. */
export interface FileLocation {
  sourceId: string;
  name: string;
  /** 'mirror': the mirror holds it; 'hub': the hub at the pinned revision (cache first); null: neither can serve it here. */
  from: 'mirror' | 'hub' | null;
  /** Readable without the network (in the mirror, or downloaded into the cache). */
  local: boolean;
  /** Why it cannot be read here, when `from` is null. */
  reason?: string;
}

/**
 * How the repository is set up: 'mixed' reads each file from the mirror when it holds it and from
 * the hub otherwise; 'hub' has no mirror; 'mirror' has the hub switched off (the mirror and files
 * already in the cache only). Which side serves a given file: `locate` and `provenance`.
 */
export type RepositoryMode = 'mirror' | 'hub' | 'mixed';

export interface DataRepository {
  readonly mode: RepositoryMode;
  /** The mirror folder, or null when none is set. */
  readonly mirror: string | null;
  /** Where hub downloads are cached: `<FTDOJO_HOME>/hub`. */
  readonly cacheRoot: string;
  /** The hub's base URL (HF_ENDPOINT). */
  readonly hubEndpoint: string;
  /** The setting that switched the hub off ("HF_HUB_OFFLINE=1"), or null when it is used whenever it answers. */
  readonly offline: string | null;
  sources(): DatasetSource[];
  source(id: string): DatasetSource;
  /** Where a file is read from here and whether it is local; reads MANIFEST.tsv, never the network. */
  locate(sourceId: string, fileName: string): FileLocation;
  /** True when the file can be read without the network. */
  hasLocal(sourceId: string, fileName: string): boolean;
  /** Absolute local path of one file, checksum verified; a hub file not yet cached is downloaded first (MISSING_DATA offline). */
  resolve(sourceId: string, fileName: string): Promise<string>;
  /** Parsed rows; a malformed file fails with the file, line and reason. */
  readRows(sourceId: string, fileName: string): Promise<Row[]>;
  /** Where a local file came from; never downloads: MISSING_DATA when the file is not local. */
  provenance(sourceId: string, fileName: string): Promise<FileProvenance>;
  /** Every file of a source: mirror files verified, hub files found in the cache or downloaded. */
  pull(sourceId: string, options?: PullOptions): Promise<PullReport>;
  /**
   * These files, the same way, after checking that the hub has every one it must serve. Offline, a
   * request with files not here fails before doing anything, with MISSING_DATA naming all of them.
   */
  pullFiles(requests: readonly FileRequest[], options?: PullOptions): Promise<PullReport>;
}
